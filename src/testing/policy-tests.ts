// `assure test-policies`: artefacts are tested like code. Each ID.test.yml beside an artefact holds
// cases (a manifest and the verdict expected per rule), evaluated with that artefact alone.
import type { Exemption, ResultStatus } from '../types.js';
import { RESULT_STATUSES } from '../types.js';
import type { Artefact } from '../artefacts/model.js';
import type { SourceFile } from '../source.js';
import { parseYaml } from '../yaml/parse.js';
import { manifestFromData } from '../manifest/load.js';
import { evaluate } from '../engine/evaluate.js';
import { isCalendarDate } from '../time/dates.js';

export interface CaseOutcome {
  artefact: string;
  file: string;
  line?: number;
  name: string;
  passed: boolean;
  failures: string[];
  /** Verdicts the case expects (one per rule it names). */
  expectations: number;
}

export interface PolicyTestRun {
  cases: CaseOutcome[];
  /** Cases that passed and failed: a broken or missing test file counts as one failed case. */
  passed: number;
  failed: number;
  /** Verdicts expected across every case, and how many of them held. */
  expectations: number;
  expectationsMet: number;
  /** `ARTEFACT/RULE` for every rule no case expects a verdict of. */
  untested: string[];
}

interface TestCase {
  name?: unknown;
  at?: unknown;
  manifest?: unknown;
  expect?: unknown;
  exemptions?: unknown;
}

/** The test file that belongs to an artefact file: X.yml -> X.test.yml. */
export function testFileFor(artefactFile: string): string {
  return artefactFile.replace(/\.ya?ml$/i, '.test.yml');
}

export function runPolicyTests(artefacts: readonly Artefact[], testFiles: ReadonlyMap<string, SourceFile>): PolicyTestRun {
  const cases: RunCase[] = [];
  for (const artefact of artefacts) {
    const path = testFileFor(artefact.file);
    const file = testFiles.get(path);
    if (!file) {
      cases.push({ artefact: artefact.id, file: path, name: '(no tests)', passed: false, failures: [`${artefact.id} has no test file; write ${path}`], expectations: 0, met: 0, rules: [] });
      continue;
    }
    cases.push(...runFile(artefact, file));
  }
  const passed = cases.filter((c) => c.passed).length;
  const tested = new Set(cases.flatMap((c) => c.rules.map((r) => `${c.artefact}/${r}`)));
  const untested = artefacts.flatMap((a) => a.rules.map((r) => `${a.id}/${r.id}`)).filter((id) => !tested.has(id));
  const expectations = cases.reduce((n, c) => n + c.expectations, 0);
  const expectationsMet = cases.reduce((n, c) => n + c.met, 0);
  return { cases: cases.map(({ met: _met, rules: _rules, ...c }) => c), passed, failed: cases.length - passed, expectations, expectationsMet, untested };
}

/** A case as run: with how many of its expectations held and which rules it names. */
type RunCase = CaseOutcome & { met: number; rules: string[] };

function runFile(artefact: Artefact, file: SourceFile): RunCase[] {
  const outcome = parseYaml(file);
  const broken = (message: string, line?: number): RunCase[] => [{ artefact: artefact.id, file: file.path, line, name: '(test file)', passed: false, failures: [message], expectations: 0, met: 0, rules: [] }];
  if (!outcome.ok) return broken(outcome.problem.message, outcome.problem.line);
  const { data, locate } = outcome.parsed;
  const doc = data as { at?: unknown; cases?: unknown } | null;
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.cases) || doc.cases.length === 0) return broken('must have a non-empty `cases:` list', 1);
  if (doc.at !== undefined && !isCalendarDate(doc.at)) return broken(`at: "${String(doc.at)}" is not a calendar date (YYYY-MM-DD)`, locate(['at'])?.line);
  const ruleIds = new Set(artefact.rules.map((r) => r.id));

  return (doc.cases as TestCase[]).map((testCase, index) => {
    const line = locate(['cases', index])?.line;
    const name = typeof testCase?.name === 'string' ? testCase.name : `case ${index + 1}`;
    const failures: string[] = [];
    const expected = testCase?.expect && typeof testCase.expect === 'object' ? Object.keys(testCase.expect) : [];
    let met = 0;
    const result = (): RunCase => ({ artefact: artefact.id, file: file.path, line, name, passed: failures.length === 0, failures, expectations: expected.length, met, rules: expected.filter((r) => ruleIds.has(r)) });
    const at = testCase?.at ?? doc.at;
    if (at !== undefined && !isCalendarDate(at)) {
      failures.push(`at: "${String(at)}" is not a calendar date`);
      return result();
    }
    const expect = testCase?.expect;
    if (!expect || typeof expect !== 'object' || Object.keys(expect).length === 0) {
      failures.push('needs `expect:` with a verdict for at least one rule');
      return result();
    }
    if (!testCase.manifest || typeof testCase.manifest !== 'object' || Array.isArray(testCase.manifest)) {
      failures.push('needs `manifest:` (a mapping)');
      return result();
    }
    const built = manifestFromData(`${file.path}#${name}`, testCase.manifest as Record<string, unknown>, (segments) => locate(['cases', index, 'manifest', ...segments]));
    if (!built.manifest) {
      failures.push(...built.problems.filter((p) => p.level === 'error').map((p) => `manifest is not valid: ${p.message}`));
      return result();
    }
    const evaluation = evaluate(built.manifest, [artefact], {
      today: (at as string | undefined) ?? '2026-01-01',
      exemptions: Array.isArray(testCase.exemptions) ? (testCase.exemptions as Exemption[]) : [],
    });
    for (const [rule, expected] of Object.entries(expect as Record<string, unknown>)) {
      if (!ruleIds.has(rule)) {
        failures.push(`expects rule "${rule}", which ${artefact.id} does not have`);
        continue;
      }
      if (typeof expected !== 'string' || !RESULT_STATUSES.includes(expected as ResultStatus)) {
        failures.push(`expects "${String(expected)}" for ${rule}: use one of ${RESULT_STATUSES.join(', ')}`);
        continue;
      }
      const verdicts = evaluation.results.filter((r) => r.rule === rule);
      const worst = verdicts.map((r) => r.status).sort((a, b) => RESULT_STATUSES.indexOf(a) - RESULT_STATUSES.indexOf(b))[0];
      if (worst !== expected) {
        const detail = verdicts.find((r) => r.status === worst)?.message;
        failures.push(`${rule}: expected ${expected}, got ${worst ?? 'no result'}${detail ? ` (${detail})` : ''}`);
      } else met++;
    }
    return result();
  });
}
