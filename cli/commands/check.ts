import { writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Exemption, InputProblem } from '../../src/index.js';
import { MAX_REGISTER_BYTES } from '../../src/manifest/registers.js';
import { attachRegisters, evaluate, instantOf, isTimeZone, loadArtefacts, parseManifest, calendarDate, fixedClock, systemClock, DEFAULT_TIME_ZONE, packageVersion, FAIL_ON, failsUnder, type FailOn } from '../../src/index.js';
import { loadExemptionFile } from '../../src/exemptions/file.js';
import { renderReport, type ReportFormat } from '../../src/reports/index.js';
import { verdictLine } from '../../src/reports/order.js';
import { parse } from '../args.js';
import { ARTEFACT_OPTIONS, artefactFiles } from '../artefact-sources.js';
import { localConfig, LocalConfigError, type LocalConfig } from '../config.js';
import { repositoryEvidence } from '../evidence.js';
import { readAhead } from '../../src/evidence/ahead.js';
import { EXIT_INPUT, EXIT_NOT_COMPLIANT, EXIT_OK, formatProblem, readTextFile, UsageError, type Output } from '../io.js';
import { diskAssertionCache } from '../../src/artefacts/compiled-cache.js';

export const checkHelp = `Usage: assure check [MANIFEST] [options]

Checks a design manifest (default: design.yml) against the artefacts, with what the repository
it lives in shows (its files, read by the built-in collectors and the organisation's).

The repository's .github/assure.yml (or --config FILE) is applied as the App and the Action apply
it: mode (advisory never fails), manifest, time_zone, artefacts.builtin, unknown and
evidence.contradictions. artefacts.sources are standards repositories on GitHub, which the CLI
does not read: it says so on standard error; pass a checkout of each with --policies DIR.
Options on the command line win over the file.

Options:
  --config FILE        the configuration to apply (default: .github/assure.yml in the repository)
  --repository OWNER/REPO
                       apply what the pull request's check applies there instead: the
                       organisation's configuration and the repository's own, read from their
                       default branches on GitHub, the standards repositories they name and
                       the exemptions recorded for it (needs GITHUB_TOKEN; --api-url URL or
                       GITHUB_API_URL for GitHub Enterprise). An exemption applies only when
                       its record verifies, as in the check: set ASSURE_VERIFY_KEYS (the
                       Action's verify-keys, see docs/security.md); without it none applies and
                       standard error says how many approved ones were left out
  --actor LOGIN        with --repository: the login that writes exception records, the only one
                       trusted (default: $ASSURE_ACTOR, else assure[bot]; github-actions[bot]
                       where the Action writes them)
  --policies DIR       also use the artefacts (and DIR/collectors) in DIR (repeatable)
  --no-builtin         do not use the built-in artefact library
  --exemptions FILE    exemptions in force (YAML list: id, artefact, kind, status, expires, ...);
                       not with --repository, which reads the recorded ones
  --at DATE            evaluate as of DATE (YYYY-MM-DD or an ISO date-time) instead of today
  --time-zone ZONE     the organisation's time zone for calendar dates (default Europe/London)
  --format FORMAT      text (default), markdown, json or sarif
  --output FILE        write the report to FILE instead of standard output
  --repo DIR           read evidence from the repository in DIR (default: the manifest's folder)
  --no-evidence        check the manifest alone, without reading the repository's files
                       (a school manifest, kind: school, is always checked alone)
  --fail-on LEVEL      which findings exit 1: must (default: failures and lapsed exemptions),
                       should (warnings too) or never (the default under mode: advisory)
  --verbose            list every pass, each passing row of a register included (by default
                       a register's passing rows are counted per rule; failures, warnings and
                       unknowns are always listed with their row)
  --quiet              print only the verdict line (and errors); the report still goes to --output
  --no-color           no colour in the text report (colour is used only on a terminal, and never
                       when the NO_COLOR environment variable is set)

Exit codes: 0 compliant (warnings allowed), 1 not compliant (per --fail-on), 2 usage or input error.
`;

const FORMATS: ReportFormat[] = ['text', 'markdown', 'json', 'sarif'];

export async function check(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parse('check', argv, {
    ...ARTEFACT_OPTIONS,
    config: { type: 'string' },
    repository: { type: 'string' },
    'api-url': { type: 'string' },
    actor: { type: 'string' },
    exemptions: { type: 'string' },
    at: { type: 'string' },
    'time-zone': { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    repo: { type: 'string' },
    'no-evidence': { type: 'boolean' },
    'fail-on': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    verbose: { type: 'boolean', short: 'v' },
    'no-color': { type: 'boolean' },
  });
  if (values.help) {
    io.out(checkHelp);
    return EXIT_OK;
  }
  const format = (values.format ?? 'text') as ReportFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format ${values.format}: use one of ${FORMATS.join(', ')}`);
  if (values['fail-on'] !== undefined && !FAIL_ON.includes(values['fail-on'] as FailOn)) throw new UsageError(`--fail-on ${values['fail-on']}: use one of ${FAIL_ON.join(', ')}`);
  if (values['time-zone'] !== undefined && !isTimeZone(values['time-zone'])) throw new UsageError(`--time-zone ${values['time-zone']}: not a time zone (e.g. Europe/London)`);
  if (values.repo && values['no-evidence']) throw new UsageError('--repo and --no-evidence contradict each other: use one');
  let instant = systemClock.now();
  if (values.at) {
    try {
      instant = instantOf(values.at);
    } catch {
      throw new UsageError(`--at ${values.at}: not a date; write YYYY-MM-DD`);
    }
  }
  // The repository: --repo, else the manifest's folder, else here. Its configuration may name the manifest.
  const repoDir = values.repo ?? (positionals[0] ? dirname(positionals[0]) : '.');
  if (values.repository && values.config) throw new UsageError('--repository and --config: use one (the first reads the configuration from GitHub, the second from a file)');
  if (values.repository && (values.policies !== undefined || values['no-builtin'])) throw new UsageError('--repository applies the standards its configuration names: leave out --policies and --no-builtin');
  if (values.repository && values.exemptions) throw new UsageError('--repository applies the exemptions recorded for it, as its pull request\'s check does: leave out --exemptions');
  if (!values.repository && values.actor !== undefined) throw new UsageError('--actor is used only with --repository OWNER/REPO');
  // Said, not ignored: a check meant against a GitHub Enterprise server would otherwise run locally without a word.
  if (!values.repository && values['api-url'] !== undefined) throw new UsageError('--api-url is used only with --repository OWNER/REPO');
  let local: LocalConfig | undefined;
  try {
    local = values.repository ? undefined : await localConfig(values.config, repoDir);
  } catch (error) {
    if (!(error instanceof LocalConfigError)) throw error;
    for (const p of error.problems) io.err(`${formatProblem(p)}\n`);
    return EXIT_INPUT;
  }
  // The GitHub modules are loaded only when GitHub is asked.
  const remote = values.repository ? await (await import('../github-context.js')).remoteSettings(values.repository, { apiUrl: values['api-url'], actor: values.actor, clock: fixedClock(instant) }, io) : undefined;
  const config = remote?.config ?? local?.config;
  const configName = remote ? `${values.repository}'s configuration` : local?.file;
  const advisory = config?.mode === 'advisory';
  // Advisory findings never fail, as the pull request's check is then neutral; an explicit --fail-on wins.
  const failOn = (values['fail-on'] ?? (advisory ? 'never' : 'must')) as FailOn;
  const timeZone = values['time-zone'] ?? config?.time_zone ?? DEFAULT_TIME_ZONE;
  if (local && local.config.artefacts.sources.length > 0) {
    const names = local.config.artefacts.sources.map((s) => (s.path ? `${s.repository}/${s.path}` : s.repository)).join(', ');
    io.err(`${local.file}: artefacts.sources were not read (${names}): they are on GitHub, which the CLI does not read; check them out and pass each folder with --policies DIR\n`);
  }
  const builtin = !values['no-builtin'] && (config?.artefacts.builtin ?? true);
  if (!remote && !builtin && (values.policies ?? []).length === 0 && local && !local.config.artefacts.builtin) {
    throw new UsageError(`${local.file}: artefacts.builtin is false and artefacts.sources cannot be read here, so there is nothing to check against: pass the standards with --policies DIR`);
  }
  const today = calendarDate(instant, timeZone);

  const manifestPath = positionals[0] ?? (config ? join(repoDir, config.manifest) : 'design.yml');
  const file = readTextFile(manifestPath, 'manifest', 1024 * 1024 + 1);
  const problems: InputProblem[] = [];
  const parsed = parseManifest(file);
  problems.push(...parsed.problems);
  if (parsed.manifest) {
    problems.push(...(await attachRegisters(parsed.manifest, readRegister)));
  }
  // Collectors observe a service's repository; a school's digital estate has no repository to read.
  const readsEvidence = !values['no-evidence'] && parsed.manifest?.profile !== 'school';
  const collecting = readsEvidence ? await readAhead(repositoryEvidence(repoDir, values.policies, '--repo')) : undefined;
  // From GitHub, the standards are what the pull request's check uses; else the files here.
  const artefacts = remote ? remote.artefacts : loadArtefacts(artefactFiles(values.policies, builtin), { profile: parsed.manifest?.profile, cache: diskAssertionCache() });
  problems.push(...artefacts.problems);
  // From GitHub, the exemptions are those the pull request's check applies; else the file's, if any.
  let exemptions: Exemption[] = remote?.exemptions ?? [];
  if (values.exemptions) {
    const loaded = loadExemptionFile(readTextFile(values.exemptions, 'exemptions file'));
    problems.push(...loaded.problems);
    exemptions = loaded.exemptions;
  }
  const evidence = await collecting?.pending;
  problems.push(...(evidence?.problems ?? []));
  const errors = problems.filter((p) => p.level === 'error');
  if (errors.length > 0 || !parsed.manifest) {
    for (const p of errors) io.err(`${formatProblem(p)}\n`);
    return EXIT_INPUT;
  }

  const evaluation = evaluate(parsed.manifest, artefacts.artefacts, { today, exemptions, ...(remote ? { repository: `${remote.repo.owner}/${remote.repo.repo}` } : {}), ...(config ? { unknown: config.unknown, contradictions: config.evidence.contradictions } : {}), ...(evidence ? { observed: evidence.observed, hints: evidence.hints } : {}) });
  evaluation.problems.push(...problems);
  const note = advisory && configName && (format === 'text' || format === 'markdown') ? `\n${advisoryNote(configName, format)}\n` : '';
  const rendered = renderReport(evaluation, format, { color: io.isTTY && !values.output && !values['no-color'], tool: { name: 'assure', version: packageVersion() }, artefacts: artefacts.artefacts, root: process.cwd(), verbose: values.verbose ?? false });
  const report = note ? `${rendered.replace(/\n*$/, '\n')}${note}` : rendered;
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
  if (values.quiet) io.out(`${verdictLine(evaluation.ok, evaluation.summary)}${advisory && failOn === 'never' ? ' (advisory: never fails)' : ''}\n`);
  else for (const p of problems.filter((x) => x.level === 'warning')) io.err(`${formatProblem(p)}\n`);
  return failsUnder(evaluation, failOn) ? EXIT_NOT_COMPLIANT : EXIT_OK;
}

/** Register paths arrive resolved against the manifest's folder; a missing file is reported by the engine. */
async function readRegister(path: string) {
  return existsSync(path) ? readTextFile(path, 'register', MAX_REGISTER_BYTES + 1) : undefined;
}

function advisoryNote(file: string, format: ReportFormat): string {
  return format === 'markdown'
    ? `> Advisory mode (\`mode: advisory\` in \`${file}\`): findings are reported and never fail.`
    : `Advisory mode (mode: advisory in ${file}): findings are reported and never fail.`;
}
