import { writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Exemption, InputProblem } from '../../src/index.js';
import { MAX_REGISTER_BYTES } from '../../src/manifest/registers.js';
import { attachRegisters, evaluate, instantOf, isTimeZone, loadArtefacts, parseManifest, calendarDate, systemClock, DEFAULT_TIME_ZONE, packageVersion, FAIL_ON, failsUnder, type FailOn } from '../../src/index.js';
import { loadExemptionFile } from '../../src/exemptions/file.js';
import { renderReport, type ReportFormat } from '../../src/reports/index.js';
import { verdictLine } from '../../src/reports/order.js';
import { parse } from '../args.js';
import { ARTEFACT_OPTIONS, artefactFiles } from '../artefact-sources.js';
import { repositoryEvidence } from '../evidence.js';
import { EXIT_INPUT, EXIT_NOT_COMPLIANT, EXIT_OK, formatProblem, readTextFile, UsageError, type Output } from '../io.js';

export const checkHelp = `Usage: assure check [MANIFEST] [options]

Checks a design manifest (default: design.yml) against the artefacts, with what the repository
it lives in shows (its files, read by the built-in collectors and the organisation's).

Options:
  --policies DIR       also use the artefacts (and DIR/collectors) in DIR (repeatable)
  --no-builtin         do not use the built-in artefact library
  --exemptions FILE    exemptions in force (YAML list: id, artefact, kind, status, expires, ...)
  --at DATE            evaluate as of DATE (YYYY-MM-DD or an ISO date-time) instead of today
  --time-zone ZONE     the organisation's time zone for calendar dates (default Europe/London)
  --format FORMAT      text (default), markdown, json or sarif
  --output FILE        write the report to FILE instead of standard output
  --repo DIR           read evidence from the repository in DIR (default: the manifest's folder)
  --no-evidence        check the manifest alone, without reading the repository's files
                       (a school manifest, kind: school, is always checked alone)
  --fail-on LEVEL      which findings exit 1: must (default: failures and lapsed exemptions),
                       should (warnings too) or never
  --quiet              print only the verdict line (and errors); the report still goes to --output
  --no-color           no colour in the text report (colour is used only on a terminal, and never
                       when the NO_COLOR environment variable is set)

Exit codes: 0 compliant (warnings allowed), 1 not compliant (per --fail-on), 2 usage or input error.
`;

const FORMATS: ReportFormat[] = ['text', 'markdown', 'json', 'sarif'];

export async function check(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parse('check', argv, {
    ...ARTEFACT_OPTIONS,
    exemptions: { type: 'string' },
    at: { type: 'string' },
    'time-zone': { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    repo: { type: 'string' },
    'no-evidence': { type: 'boolean' },
    'fail-on': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    'no-color': { type: 'boolean' },
  });
  if (values.help) {
    io.out(checkHelp);
    return EXIT_OK;
  }
  const format = (values.format ?? 'text') as ReportFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format ${values.format}: use one of ${FORMATS.join(', ')}`);
  const failOn = (values['fail-on'] ?? 'must') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on ${values['fail-on']}: use one of ${FAIL_ON.join(', ')}`);
  const timeZone = values['time-zone'] ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new UsageError(`--time-zone ${timeZone}: not a time zone (e.g. Europe/London)`);
  let instant = systemClock.now();
  if (values.at) {
    try {
      instant = instantOf(values.at);
    } catch {
      throw new UsageError(`--at ${values.at}: not a date; write YYYY-MM-DD`);
    }
  }
  const today = calendarDate(instant, timeZone);

  const manifestPath = positionals[0] ?? 'design.yml';
  const file = readTextFile(manifestPath, 'manifest', 1024 * 1024 + 1);
  const problems: InputProblem[] = [];
  const parsed = parseManifest(file);
  problems.push(...parsed.problems);
  if (parsed.manifest) {
    problems.push(...(await attachRegisters(parsed.manifest, readRegister)));
  }
  const artefacts = loadArtefacts(artefactFiles(values.policies, !values['no-builtin']), { profile: parsed.manifest?.profile });
  problems.push(...artefacts.problems);
  let exemptions: Exemption[] = [];
  if (values.exemptions) {
    const loaded = loadExemptionFile(readTextFile(values.exemptions, 'exemptions file'));
    problems.push(...loaded.problems);
    exemptions = loaded.exemptions;
  }
  if (values.repo && values['no-evidence']) throw new UsageError('--repo and --no-evidence contradict each other: use one');
  // Collectors observe a service's repository; a school's digital estate has no repository to read.
  const readsEvidence = !values['no-evidence'] && parsed.manifest?.profile !== 'school';
  const evidence = !readsEvidence ? undefined : await repositoryEvidence(values.repo ?? dirname(manifestPath), values.policies, '--repo');
  problems.push(...(evidence?.problems ?? []));
  const errors = problems.filter((p) => p.level === 'error');
  if (errors.length > 0 || !parsed.manifest) {
    for (const p of errors) io.err(`${formatProblem(p)}\n`);
    return EXIT_INPUT;
  }

  const evaluation = evaluate(parsed.manifest, artefacts.artefacts, { today, exemptions, ...(evidence ? { observed: evidence.observed, hints: evidence.hints } : {}) });
  evaluation.problems.push(...problems);
  const report = renderReport(evaluation, format, { color: io.isTTY && !values.output && !values['no-color'], tool: { name: 'assure', version: packageVersion() }, artefacts: artefacts.artefacts, root: process.cwd() });
  if (values.output) {
    if (resolve(values.output) === resolve(manifestPath)) throw new UsageError('--output must not be the manifest itself');
    try {
      writeFileSync(values.output, report);
    } catch (error) {
      throw new UsageError(`--output ${values.output}: cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else if (!values.quiet) {
    io.out(report.endsWith('\n') ? report : `${report}\n`);
  }
  if (values.quiet) io.out(`${verdictLine(evaluation.ok, evaluation.summary)}\n`);
  else for (const p of problems.filter((x) => x.level === 'warning')) io.err(`${formatProblem(p)}\n`);
  return failsUnder(evaluation, failOn) ? EXIT_NOT_COMPLIANT : EXIT_OK;
}

/** Register paths arrive resolved against the manifest's folder; a missing file is reported by the engine. */
async function readRegister(path: string) {
  return existsSync(path) ? readTextFile(path, 'register', MAX_REGISTER_BYTES + 1) : undefined;
}
