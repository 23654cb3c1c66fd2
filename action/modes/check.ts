// mode: check. The design at the event's head commit, evaluated exactly as the App does (evaluateDesign),
// reported the Actions way: the full Markdown report in the job summary, annotations on the manifest
// lines, the JSON report in a file (output `report`), SARIF on request, outputs, and the step's exit
// status per fail-on.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import * as core from '@actions/core';
import type { Log } from 'sarif';
import type { InputProblem } from '../../src/types.js';
import { packageVersion } from '../../src/package-root.js';
import { failsUnder } from '../../src/engine/fail-on.js';
import { INFORMATION_URI, renderJson, renderMarkdown, renderText, toSarif } from '../../src/reports/index.js';
import { ordered, tally, verdictLine } from '../../src/reports/order.js';
import { inline } from '../../src/reports/safe-markdown.js';
import type { GitHubContext } from '../../github/context.js';
import { fullName } from '../../github/repo.js';
import { evaluateDesign, observeAhead, type DesignOutcome } from '../../github/design/evaluate.js';
import { invalidManifestReport, requiredManifestReport } from '../../github/checks/report.js';
import { MESSAGE_MAX, artefactLinks, askable, findingLevel, exceptionHint, fileUrl, findingMessage, findingTitle, noManifestText, problemTitle, type FindingLevel } from '../../github/checks/findings.js';
import type { AssureConfig } from '../../github/config/types.js';
import { exemptionLoader } from '../../github/handlers.js';
import { defaultActionConfig, loadActionConfig } from '../config.js';
import { platformFromPayload, workingTreeSource, type RepositorySettingsPayload } from '../../github/design/source.js';
import { checkTarget, repoUrl } from '../event.js';
import { type FailOn, type Inputs } from '../inputs.js';
import { canVerify } from '../../github/signing.js';
import { logInfo } from '../log.js';
import { fitMarkdown, writeSummary } from '../summary.js';
import type { ModeEnv } from '../types.js';

/** GitHub shows this many annotations of each kind per step; the summary lists every finding. */
export const ANNOTATIONS_PER_LEVEL = 10;
type Level = 'error' | 'warning' | 'notice';

/** Said in the log and the report when the step has no token. */
export const NO_TOKEN_NOTE = 'No github-token: the configuration was not read (the defaults apply: built-in standards, blocking mode) and exemptions were not applied.';

/** The Actions toolkit calls a failure an error. */
const LEVEL: Record<FindingLevel, Level> = { failure: 'error', warning: 'warning', notice: 'notice' };


interface Annotation {
  level: Level;
  message: string;
  properties: core.AnnotationProperties;
}

export interface CheckOutputs {
  compliant: boolean;
  failures: number;
  warnings: number;
  exempted: number;
  /** Path of the JSON report; absent when nothing was evaluated. */
  report?: string;
}

function tool(): { name: string; version: string } {
  return { name: 'assure', version: packageVersion() };
}

function setOutputs(outputs: CheckOutputs): void {
  core.setOutput('compliant', outputs.compliant ? 'true' : 'false');
  core.setOutput('failures', String(outputs.failures));
  core.setOutput('warnings', String(outputs.warnings));
  core.setOutput('exempted', String(outputs.exempted));
  core.setOutput('report', outputs.report ?? '');
}

// Named one by one (not core[level]): the bundler then keeps only the parts of @actions/core the Action uses.
const ANNOTATE: Record<Level, (message: string, properties: core.AnnotationProperties) => void> = { error: core.error, warning: core.warning, notice: core.notice };

/** Emits annotations, at most ANNOTATIONS_PER_LEVEL of each kind (more would not be shown); returns how many were left out. */
function annotate(annotations: readonly Annotation[]): number {
  const count: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  let left = 0;
  for (const a of annotations) {
    if (count[a.level] >= ANNOTATIONS_PER_LEVEL) {
      left += 1;
      continue;
    }
    count[a.level] += 1;
    ANNOTATE[a.level](a.message, a.properties);
  }
  return left;
}

function problemAnnotation(p: InputProblem, title: string): Annotation {
  return {
    level: p.level === 'error' ? 'error' : 'warning',
    message: p.line ? p.message.slice(0, MESSAGE_MAX) : `${p.file}: ${p.message}`.slice(0, MESSAGE_MAX),
    properties: { title, ...(p.line ? { file: p.file, startLine: p.line, ...(p.column ? { startColumn: p.column } : {}) } : {}) },
  };
}

/** The SARIF file's path: relative paths are taken from the workspace, as other steps see them. */
function sarifPath(file: string, env: NodeJS.ProcessEnv): string {
  return isAbsolute(file) ? file : resolve(env.GITHUB_WORKSPACE || process.cwd(), file);
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function emptySarif(): Log {
  const t = tool();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: t.name, version: t.version, informationUri: INFORMATION_URI, rules: [] } }, results: [] }],
  };
}


export async function runCheck(ctx: GitHubContext, inputs: Inputs, { event, deps, env }: ModeEnv): Promise<void> {
  const target = checkTarget(event);
  if (!target) {
    core.notice(`The ${event.name} event deleted a branch: there is no commit to check.`, { title: 'assure: nothing to check' });
    setOutputs({ compliant: true, failures: 0, warnings: 0, exempted: 0 });
    return;
  }
  const overrides = { path: inputs.config, manifest: inputs.manifest, timeZone: inputs.timeZone };
  // The manifest and the evidence come from the checked-out working tree, never the contents API; the
  // repository's settings come from the event's payload when it carries them.
  const repository = event.payload.repository as RepositorySettingsPayload | undefined;
  const platform = repository?.owner?.login && repository.name ? platformFromPayload(repository) : undefined;
  const source = workingTreeSource(env.GITHUB_WORKSPACE || process.cwd(), platform);
  // Without a token nothing can be asked of GitHub: the defaults stand in for the configuration.
  const configuring = inputs.token ? loadActionConfig(ctx, target.repo, overrides) : undefined;
  // The working tree is read while GitHub answers.
  if (configuring) observeAhead(source);
  const config = configuring ? await configuring : defaultActionConfig(target.repo, overrides);
  if (!inputs.token) core.notice(NO_TOKEN_NOTE, { title: 'assure: checked without a token' });
  const advisory = config.mode === 'advisory';
  const failOn: FailOn = advisory ? 'never' : inputs.failOn;
  // An exemption is trusted only when its record's signature can be checked.
  // Without the key no record can be trusted: check without exemptions (and say so in the summary).
  const loadExemptions = canVerify(inputs.keys) && inputs.token ? exemptionLoader(deps) : async () => [];
  const outcome = await evaluateDesign(ctx, config, target.repo, target.headSha, loadExemptions, source);
  if (!inputs.token && outcome.kind === 'evaluated') outcome.evaluation.evidenceNotes.push({ kind: 'unavailable', message: NO_TOKEN_NOTE });
  const links = { repoUrl: repoUrl(event, target.repo), headSha: target.headSha };
  core.info(`assure: ${fullName(target.repo)}@${target.headSha.slice(0, 7)}, ${outcome.path}${advisory ? ' (advisory mode: findings never fail the step)' : ''}`);

  switch (outcome.kind) {
    case 'no-manifest':
      return outcome.required ? missingRequired(config, inputs, env, outcome, failOn) : noManifest(inputs, env, outcome.path);
    case 'invalid':
      return invalid(config, env, outcome, links, failOn);
    case 'evaluated':
      return evaluated(config, inputs, env, outcome, { ...links, pullNumber: target.pullNumber, exemptionsSkipped: !canVerify(inputs.keys) }, failOn);
  }
}

async function noManifest(inputs: Inputs, env: NodeJS.ProcessEnv, path: string): Promise<void> {
  core.notice(`There is no ${path} in this repository, so there is nothing to check. To start, run \`npx assure-design init\` to write a starter design.yml, fill it in and open a pull request (see the README's "GitHub Action" section).`, {
    title: 'assure: no design manifest yet',
  });
  if (inputs.sarifFile) writeFile(sarifPath(inputs.sarifFile, env), `${JSON.stringify(emptySarif(), null, 2)}\n`);
  setOutputs({ compliant: true, failures: 0, warnings: 0, exempted: 0 });
  await writeSummary(
    [
        ...noManifestText(inline(path), 'This step succeeds and never blocks a merge.', 'step'),
      `The manifest's path is the Action's \`manifest\` input, else \`manifest:\` in the configuration (\`${inline(inputs.config)}\`, read from the default branch), else \`design.yml\`.`,
      '',
    ].join('\n'),
    env,
  );
}

/** The organisation requires a manifest here and there is none: the step fails (as the App's check does). */
async function missingRequired(config: AssureConfig, inputs: Inputs, env: NodeJS.ProcessEnv, outcome: Extract<DesignOutcome, { kind: 'no-manifest' }>, failOn: FailOn): Promise<void> {
  if (inputs.sarifFile) writeFile(sarifPath(inputs.sarifFile, env), `${JSON.stringify(emptySarif(), null, 2)}\n`);
  setOutputs({ compliant: false, failures: 1, warnings: 0, exempted: 0 });
  await writeSummary(requiredManifestReport(config, outcome.path, outcome.starter).summary, env);
  const message = `The organisation requires a design manifest in this repository, and there is no ${outcome.path}: restore it, or run \`npx assure-design init --from-repo\` and fill it in.`;
  if (failOn === 'never') core.info(`${message} (not failing: ${config.mode === 'advisory' ? 'advisory mode' : 'fail-on is never'})`);
  else core.setFailed(message);
}

async function invalid(config: AssureConfig, env: NodeJS.ProcessEnv, outcome: Extract<DesignOutcome, { kind: 'invalid' }>, links: { repoUrl: string; headSha: string }, failOn: FailOn): Promise<void> {
  const errors = outcome.problems.filter((p) => p.level === 'error');
  const warnings = outcome.problems.length - errors.length;
  annotate(outcome.problems.map((p) => problemAnnotation(p, problemTitle(p))));
  setOutputs({ compliant: false, failures: errors.length, warnings, exempted: 0 });
  await writeSummary(invalidManifestReport(config, outcome.path, outcome.problems, links).summary, env);
  const first = errors[0];
  const where = first ? `${first.file}${first.line ? `:${first.line}` : ''}: ${first.message}` : 'see the job summary';
  const message = `${outcome.path} cannot be read: ${where}`;
  if (failOn === 'never') core.info(`${message} (not failing: ${config.mode === 'advisory' ? 'advisory mode' : 'fail-on is never'})`);
  else core.setFailed(message);
}

interface EvaluatedLinks {
  repoUrl: string;
  headSha: string;
  pullNumber?: number;
  /** An exemptions loader is wired but record-key is not set: exemptions were not applied. */
  exemptionsSkipped: boolean;
}

async function evaluated(config: AssureConfig, inputs: Inputs, env: NodeJS.ProcessEnv, outcome: Extract<DesignOutcome, { kind: 'evaluated' }>, links: EvaluatedLinks, failOn: FailOn): Promise<void> {
  const ev = outcome.evaluation;
  const { artefactLink } = artefactLinks(outcome.artefacts);
  const fileLink = (file: string, line: number): string => fileUrl(links, file, line);

  // The log: the text report, as `assure check` prints it.
  core.startGroup(`assure: ${verdictLine(ev.ok, ev.summary)}`);
  logInfo(renderText(ev, { color: false }));
  core.endGroup();

  // Annotations on the manifest (and register) lines, worst first.
  const annotations: Annotation[] = [];
  for (const r of ordered(ev.results)) {
    const level = findingLevel(r);
    if (!level || !r.location) continue;
    annotations.push({
      level: LEVEL[level],
      message: findingMessage(r, artefactLink(r.artefact)),
      properties: { title: findingTitle(r), file: r.location.file, startLine: r.location.line, startColumn: r.location.column },
    });
  }
  for (const p of outcome.designProblems) if (p.line) annotations.push(problemAnnotation(p, 'Check this'));
  const notAnnotated = annotate(annotations);

  // Files: the JSON report always, SARIF on request.
  const folder = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), 'assure-'));
  const report = join(folder, 'report.json');
  writeFile(report, renderJson(ev, tool()));
  if (inputs.sarifFile) {
    const path = sarifPath(inputs.sarifFile, env);
    writeFile(path, `${JSON.stringify(toSarif(ev, { ...tool(), informationUri: INFORMATION_URI, artefacts: outcome.artefacts.artefacts }), null, 2)}\n`);
    core.info(`SARIF report written to ${path}`);
  }
  const { failures, warnings } = tally(ev);
  setOutputs({ compliant: ev.ok, failures, warnings, exempted: ev.summary.exempted, report });

  // The job summary: the whole Markdown report (up to 1 MiB), and what else the reader should know.
  const canAsk = askable(ev)[0];
  const notes = [
    canAsk && links.pullNumber !== undefined ? exceptionHint(inline(canAsk.artefact), false) : '',
    links.exemptionsSkipped && !ev.ok ? 'Exemptions were not applied: the `verify-keys` input is not set (the public keys that verify exemption records; see the README).' : '',
    notAnnotated > 0 ? `GitHub shows ${ANNOTATIONS_PER_LEVEL} annotations of each kind per step: ${notAnnotated} more finding${notAnnotated === 1 ? ' is' : 's are'} listed above only.` : '',
    config.mode === 'advisory' ? 'Advisory mode (`mode: advisory` in the configuration): findings are reported and never fail this step.' : '',
  ]
    .filter(Boolean)
    .map((n) => `\n\n> ${n}`)
    .join('');
  const markdown = fitMarkdown((max) => renderMarkdown(ev, { heading: '### assure', artefactLink, fileLink, maxLength: Math.max(0, max - notes.length) }) + notes);
  await writeSummary(markdown, env);

  const verdict = verdictLine(ev.ok, ev.summary);
  if (!failsUnder(ev, failOn)) {
    core.info(`assure: ${verdict}`);
    return;
  }
  if (!ev.ok) core.setFailed(`Not compliant: ${failures} finding${failures === 1 ? '' : 's'} to fix (${verdict}). The job summary lists what to fix.`);
  else core.setFailed(`${warnings} warning${warnings === 1 ? '' : 's'} and fail-on is should (${verdict}). The job summary lists them.`);
}
