import { statSync } from 'node:fs';
import { loadArtefacts, readArtefactDir, systemClock, calendarDate, type SourceFile } from '../../src/index.js';
import { runPolicyTests } from '../../src/testing/policy-tests.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decodeUtf8 } from '../../src/index.js';
import { parse } from '../args.js';
import { EXIT_NOT_COMPLIANT, EXIT_OK, formatProblem, UsageError, type Output } from '../io.js';
import { compareText } from '../../src/compare.js';

export const lintHelp = `Usage: assure lint-policies DIR

Checks every artefact in DIR: schema, JSONPaths, assertions, dates, duplicate ids,
rulesets. Every problem in every file is listed, with its line, in one run.
Exit codes: 0 clean, 1 problems found, 2 usage error.
`;

export const testHelp = `Usage: assure test-policies DIR

Runs each artefact's tests (ID.test.yml beside ID.yml): a line per failing case, the
cases and expectations counted, and a coverage line naming every rule no case tests.
Exit codes: 0 all passed, 1 a case failed, 2 usage error.
`;

function folder(command: string, dir: string | undefined): string {
  if (!dir) throw new UsageError(`name a folder of artefacts, e.g. \`assure ${command} policies\``);
  try {
    if (statSync(dir).isDirectory()) return dir;
  } catch {
    // reported below
  }
  throw new UsageError(`${dir} is not a folder`);
}

export async function lintPolicies(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parse('lint-policies', argv, {});
  if (values.help) {
    io.out(lintHelp);
    return EXIT_OK;
  }
  const dir = folder('lint-policies', positionals[0]);
  const files = readArtefactDir(dir);
  const set = loadArtefacts(files);
  const today = calendarDate(systemClock.now());
  const problems = [...set.problems];
  for (const a of set.artefacts) {
    if (a.reviewBy < today && a.status === 'published') {
      problems.push({ file: a.file, line: 1, level: 'warning', message: `${a.id} was due for review on ${a.reviewBy}` });
    }
  }
  // Every problem in every file, in file and line order, so one run finds them all.
  problems.sort((a, b) => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  for (const p of problems) io.out(`${formatProblem(p)}\n`);
  const errors = problems.filter((p) => p.level === 'error').length;
  io.out(`${files.length} files, ${set.artefacts.length} artefacts, ${errors} errors, ${problems.length - errors} warnings\n`);
  return errors > 0 ? EXIT_NOT_COMPLIANT : EXIT_OK;
}

export async function testPolicies(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parse('test-policies', argv, {});
  if (values.help) {
    io.out(testHelp);
    return EXIT_OK;
  }
  const dir = folder('test-policies', positionals[0]);
  const set = loadArtefacts(readArtefactDir(dir));
  for (const p of set.problems) io.out(`${formatProblem(p)}\n`);
  const tests = new Map<string, SourceFile>();
  for (const file of testFiles(dir)) tests.set(file.path, file);
  const run = runPolicyTests(set.artefacts, tests);
  for (const c of run.cases.filter((x) => !x.passed)) {
    io.out(`FAIL ${c.file}${c.line ? `:${c.line}` : ''} ${c.artefact} "${c.name}"\n`);
    for (const f of c.failures) io.out(`     ${f}\n`);
  }
  const broken = set.problems.filter((p) => p.level === 'error').length;
  io.out(`${set.artefacts.length} artefacts, ${run.cases.length} cases, ${run.expectations} expectations\n`);
  io.out(`${run.passed} passed, ${run.failed} failed (cases); ${run.expectationsMet} of ${run.expectations} expectations met\n`);
  if (broken > 0) io.out(`${broken} problems in artefacts (listed above) kept them from being tested\n`);
  io.out(run.untested.length === 0 ? 'Coverage: every rule has a test case\n' : `Coverage: ${run.untested.length} rules with no test case: ${run.untested.join(', ')}\n`);
  io.out(
    run.incomplete.length === 0
      ? `Coverage: every tested rule has a compliant, a non-compliant and an undeclared case${run.declarationOnly.length > 0 ? ` (${run.declarationOnly.length} rules only ask for facts to be declared: nothing declared fails them, so they need no non-compliant case)` : ''}\n`
      : `Coverage: ${run.incomplete.length} rules lack a compliant (pass), non-compliant (fail, warn) or undeclared (unknown, not-applicable) case: ${run.incomplete.map((r) => `${r.rule} (no ${r.missing.join(', no ')})`).join('; ')}\n`,
  );
  return run.failed + broken > 0 ? EXIT_NOT_COMPLIANT : EXIT_OK;
}

function testFiles(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.test\.ya?ml$/i.test(entry.name)) out.push({ path: relative(process.cwd(), full) || full, text: decodeUtf8(readFileSync(full)) ?? '\u0000' });
    }
  };
  visit(dir);
  return out;
}
