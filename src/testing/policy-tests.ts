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
  /**
   * Every rule some case tests that lacks a case of one of the three kinds (each counted only when its
   * expectation held): the kinds it lacks, in the order compliant, non-compliant, undeclared.
   */
  incomplete: Array<{ rule: string; missing: CaseKind[] }>;
  /** `ARTEFACT/RULE` for every rule that only asks for facts: no declared value fails it, so it needs no non-compliant case. */
  declarationOnly: string[];
}

/**
 * The three cases every rule needs: a design that complies (`pass`), one that declares what does not
 * (`fail`, `warn`, `notice`, or the same covered by an exemption), and one that leaves the fact out
 * (`unknown`, or `not-applicable` where the rule does not ask for it).
 */
export type CaseKind = 'compliant' | 'non-compliant' | 'undeclared';
export const CASE_KINDS: readonly CaseKind[] = ['compliant', 'non-compliant', 'undeclared'];

/** Keywords that only ask for properties (and their types): with them alone, nothing declared can fail a rule. */
const DECLARATION_KEYWORDS = new Set(['required', 'properties', 'type', 'anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', '$comment', 'description', 'title']);

/**
 * Whether an assertion fails only when properties are missing: it requires properties (and types the
 * manifest schema already holds them to), and nothing about their values. Such a rule's verdicts are
 * pass and unknown; no declared design is non-compliant with it.
 */
export function asksOnlyForFacts(schema: unknown): boolean {
  if (schema === true) return true;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return false;
  return Object.entries(schema as Record<string, unknown>).every(([keyword, value]) => {
    if (!DECLARATION_KEYWORDS.has(keyword)) return false;
    if (keyword === 'properties') return value !== null && typeof value === 'object' && Object.values(value as Record<string, unknown>).every(asksOnlyForFacts);
    if (keyword === 'anyOf' || keyword === 'oneOf' || keyword === 'allOf') return Array.isArray(value) && value.every(asksOnlyForFacts);
    if (keyword === 'then' || keyword === 'else') return asksOnlyForFacts(value);
    return true;
  });
}

export function caseKind(status: ResultStatus): CaseKind | undefined {
  switch (status) {
    case 'pass':
      return 'compliant';
    case 'fail':
    case 'warn':
    case 'notice':
    case 'exempted':
    case 'exemption-expired':
      return 'non-compliant';
    case 'unknown':
    case 'not-applicable':
      return 'undeclared';
    default:
      return undefined;
  }
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
      cases.push({ artefact: artefact.id, file: path, name: '(no tests)', passed: false, failures: [`${artefact.id} has no test file; write ${path}`], expectations: 0, met: 0, rules: [], held: [] });
      continue;
    }
    cases.push(...runFile(artefact, file));
  }
  const passed = cases.filter((c) => c.passed).length;
  const tested = new Set(cases.flatMap((c) => c.rules.map((r) => `${c.artefact}/${r}`)));
  const untested = artefacts.flatMap((a) => a.rules.map((r) => `${a.id}/${r.id}`)).filter((id) => !tested.has(id));
  const expectations = cases.reduce((n, c) => n + c.expectations, 0);
  const expectationsMet = cases.reduce((n, c) => n + c.met, 0);
  const kinds = new Map<string, Set<CaseKind>>();
  for (const c of cases) {
    for (const [rule, status] of c.held) {
      const kind = caseKind(status);
      const id = `${c.artefact}/${rule}`;
      if (kind) kinds.set(id, (kinds.get(id) ?? new Set<CaseKind>()).add(kind));
    }
  }
  const declarationOnly = artefacts.flatMap((a) => a.rules.filter((r) => asksOnlyForFacts(r.assertAll().schema)).map((r) => `${a.id}/${r.id}`));
  const incomplete = artefacts
    .flatMap((a) => a.rules.map((r) => `${a.id}/${r.id}`))
    .filter((id) => tested.has(id))
    .map((rule) => ({ rule, missing: CASE_KINDS.filter((k) => !kinds.get(rule)?.has(k) && !(k === 'non-compliant' && declarationOnly.includes(rule))) }))
    .filter((r) => r.missing.length > 0);
  return { cases: cases.map(({ met: _met, rules: _rules, held: _held, ...c }) => c), passed, failed: cases.length - passed, expectations, expectationsMet, untested, incomplete, declarationOnly };
}

/** A case as run: with how many of its expectations held, which rules it names, and the verdicts that held. */
type RunCase = CaseOutcome & { met: number; rules: string[]; held: Array<[string, ResultStatus]> };

function runFile(artefact: Artefact, file: SourceFile): RunCase[] {
  const outcome = parseYaml(file);
  const broken = (message: string, line?: number): RunCase[] => [{ artefact: artefact.id, file: file.path, line, name: '(test file)', passed: false, failures: [message], expectations: 0, met: 0, rules: [], held: [] }];
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
    const held: Array<[string, ResultStatus]> = [];
    const result = (): RunCase => ({ artefact: artefact.id, file: file.path, line, name, passed: failures.length === 0, failures, expectations: expected.length, met, rules: expected.filter((r) => ruleIds.has(r)), held });
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
      } else {
        met++;
        held.push([rule, worst]);
      }
    }
    return result();
  });
}
