// What a check run says: conclusion, title, summary, annotations and the PR comment, for each way a check
// can end. Pure: everything here is built from an outcome, nothing is sent.
import type { RestEndpointMethodTypes } from '@octokit/plugin-rest-endpoint-methods';
import type { Evaluation, InputProblem } from '../../src/types.js';
import { renderMarkdown, MAX_MARKDOWN } from '../../src/reports/markdown.js';
import { tally } from '../../src/reports/order.js';
import { cell, code, codeBlock, inline } from '../../src/reports/safe-markdown.js';
import { CONFIG_FILE, type AssureConfig } from '../config/types.js';
import { visibleProblem } from '../config/errors.js';
import type { DesignOutcome } from '../design/evaluate.js';
import { MESSAGE_MAX, TITLE_MAX, artefactLinks, askable, findingLevel, exceptionHint, fileUrl, findingMessage, findingTitle, noManifestText, problemTitle, type Links } from './findings.js';

export type Conclusion = 'success' | 'failure' | 'neutral';

/** An annotation as the Checks API takes it (GitHub's own description of the request). */
export type Annotation = NonNullable<NonNullable<RestEndpointMethodTypes['checks']['create']['parameters']['output']>['annotations']>[number];

export interface CheckAction {
  label: string;
  description: string;
  identifier: string;
}

export interface CheckReport {
  conclusion: Conclusion;
  title: string;
  summary: string;
  annotations: Annotation[];
  actions: CheckAction[];
  /** The PR comment's report when there is something for the author to act on; undefined = nothing to act on. */
  comment?: string;
}

export const CHECK_NAME = 'assure';
export const REQUEST_EXCEPTION: CheckAction = { label: 'Request exception', description: 'Ask for an exception to a standard', identifier: 'request-exception' };
/** More annotations than this are left to the summary: each 50 costs a request. */
export const MAX_ANNOTATIONS = 1000;


function failing(config: AssureConfig): Conclusion {
  return config.mode === 'advisory' ? 'neutral' : 'failure';
}

function advisoryNote(config: AssureConfig): string {
  return config.mode === 'advisory' ? '\n\n> Advisory mode (`mode: advisory` in `.github/assure.yml`): findings are reported and never block a merge.' : '';
}

function problemAnnotation(p: InputProblem): Annotation | undefined {
  if (!p.line) return undefined;
  return {
    path: p.file,
    start_line: p.line,
    end_line: p.line,
    annotation_level: p.level === 'error' ? 'failure' : 'warning',
    title: problemTitle(p),
    message: p.message.slice(0, MESSAGE_MAX),
  };
}

function problemRows(problems: readonly InputProblem[], links: Links): string[] {
  return problems.map((p) => {
    const where = p.line ? `[${cell(p.file)}:${p.line}](${fileUrl(links, p.file, p.line)})` : cell(p.file);
    return `| ${where} | ${cell(p.message, 1000)} |`;
  });
}

/** Room left in the summary for the starter manifest, after the text around it. */
const STARTER_MAX = MAX_MARKDOWN - 4000;

/** The starter manifest, filled in from what the repository shows, as the check proposes it. */
function starterSection(path: string, starter: string | undefined): string[] {
  if (!starter) return [];
  return ['', `**A starter, filled in from what this repository shows** (\`npx assure-design init --from-repo\` writes the same): save it as \`${inline(path)}\`, check each value and answer the commented prompts.`, '', codeBlock(starter, 'yaml', STARTER_MAX)];
}

export function noManifestReport(path: string, starter?: string): CheckReport {
  const summary = [
    ...noManifestText(inline(path), 'This check is neutral and never blocks a merge.', 'check'),
    `The manifest's path is set by \`manifest:\` in \`${CONFIG_FILE}\` on the default branch.`,
    ...starterSection(path, starter),
  ].join('\n');
  return { conclusion: 'neutral', title: 'No design manifest: run `npx assure-design init` to start', summary, annotations: [], actions: [] };
}

/** The organisation requires a manifest here, and there is none (never written, or deleted by the change). */
export function requiredManifestReport(config: AssureConfig, path: string, starter?: string): CheckReport {
  const summary = [
    '### assure: the design manifest is missing',
    '',
    `The organisation requires a design manifest in this repository, and there is no ${code(path)} at this commit (it was never written, or this change deletes it). This check fails until it is there.`,
    '',
    '**To fix:** restore the manifest, or run `npx assure-design init --from-repo` to write a starter and fill it in.',
    ...starterSection(path, starter),
  ].join('\n');
  return { conclusion: failing(config), title: `Missing design manifest: ${path.slice(0, 200)}`, summary: summary + advisoryNote(config), annotations: [], actions: [] };
}

export function invalidManifestReport(config: AssureConfig, path: string, problems: readonly InputProblem[], links: Links): CheckReport {
  const errors = problems.filter((p) => p.level === 'error');
  const first = errors[0];
  const body = [
    `### assure: \`${inline(path)}\` cannot be read`,
    '',
    `The design manifest has ${errors.length === 1 ? 'a problem' : `${errors.length} problems`} to fix before it can be checked against the standards:`,
    '',
    '| Where | Problem |',
    '| --- | --- |',
    ...problemRows(problems, links),
    '',
    'The manifest format is described by `schema/design-manifest.schema.json`; `npx assure-design check` shows the same errors locally.',
  ].join('\n');
  const summary = fit(body + advisoryNote(config));
  return {
    conclusion: failing(config),
    title: first?.line ? `${first.file} line ${first.line}: ${first.message}`.slice(0, TITLE_MAX) : `${path} cannot be read`,
    summary,
    annotations: problems.map(problemAnnotation).filter((a): a is Annotation => a !== undefined),
    actions: [],
    comment: summary,
  };
}

export function configErrorReport(found: readonly InputProblem[]): CheckReport {
  const problems = found.map(visibleProblem);
  const summary = fit(
    [
      `### assure: the configuration cannot be used`,
      '',
      `\`${CONFIG_FILE}\` (read from the default branch, never from a pull request) has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:`,
      '',
      '| Where | Problem |',
      '| --- | --- |',
      ...problems.map((p) => `| ${cell(p.file)}${p.line ? `:${p.line}` : ''} | ${cell(p.message, 1000)} |`),
      '',
      'Fix it on the default branch (the keys are described in docs/app.md), then re-run this check.',
    ].join('\n'),
  );
  const first = problems[0];
  return {
    conclusion: 'failure',
    title: `Configuration error in ${first?.file ?? CONFIG_FILE}${first?.line ? ` line ${first.line}` : ''}`.slice(0, TITLE_MAX),
    summary,
    annotations: [],
    actions: [],
  };
}

export function unfinishedReport(config: AssureConfig | undefined, what: string, message: string): CheckReport {
  const summary = fit(
    [
      `### assure: ${what}`,
      '',
      `> ${inline(message, 2000)}`,
      '',
      'Nothing about the design was decided. Re-run this check once the cause is fixed; if it persists, tell whoever runs the assure App.',
    ].join('\n') + (config ? advisoryNote(config) : ''),
  );
  return { conclusion: config ? failing(config) : 'failure', title: what, summary, annotations: [], actions: [] };
}

export interface EvaluationLinks extends Links {
  /** Artefact id -> link to it (its source, or the file in a standards repository). */
  artefactLink: (id: string) => string | undefined;
  remediation: (id: string) => string | undefined;
}

/** `designProblems`: warnings about the manifest and its registers, annotated where they are written. */
export function evaluationReport(config: AssureConfig, ev: Evaluation, links: EvaluationLinks, designProblems: readonly InputProblem[] = []): CheckReport {
  const fixes = tally(ev).failures;
  const title = ev.ok
    ? `Compliant${ev.summary.exempted ? ` with ${ev.summary.exempted} exempted finding${ev.summary.exempted === 1 ? '' : 's'}` : ''}${ev.summary.warn ? `, ${ev.summary.warn} warning${ev.summary.warn === 1 ? '' : 's'}` : ''}`
    : `Not compliant: ${fixes} finding${fixes === 1 ? '' : 's'} to fix`;
  const note = advisoryNote(config);
  const canAsk = askable(ev);
  const ask = canAsk[0] ? `\n\n${exceptionHint(canAsk[0].artefact, true)}` : '';
  const markdownOptions = {
    heading: '### assure',
    artefactLink: links.artefactLink,
    fileLink: (file: string, line: number) => fileUrl(links, file, line),
  };
  const summary = renderMarkdown(ev, { ...markdownOptions, maxLength: MAX_MARKDOWN - note.length - ask.length - 10 }) + ask + note;

  const annotations: Annotation[] = [];
  for (const r of ev.results) {
    const level = findingLevel(r);
    if (!level || !r.location) continue;
    const link = links.artefactLink(r.artefact);
    annotations.push({
      path: r.location.file,
      start_line: r.location.line,
      end_line: r.location.line,
      annotation_level: level,
      title: findingTitle(r),
      message: findingMessage(r, link),
      ...(links.remediation(r.artefact) ? { raw_details: (links.remediation(r.artefact) ?? '').slice(0, MESSAGE_MAX) } : {}),
    });
  }
  for (const p of designProblems) {
    const a = problemAnnotation(p);
    if (a) annotations.push(a);
  }

  const comment = !ev.ok || ev.closable.length > 0 ? renderMarkdown(ev, { ...markdownOptions, maxLength: MAX_MARKDOWN - 2000 }) + ask + note : undefined;
  return {
    conclusion: ev.ok ? 'success' : failing(config),
    title,
    summary,
    annotations,
    actions: canAsk.length > 0 ? [REQUEST_EXCEPTION] : [],
    comment,
  };
}

/** A design's report, with any keys of the repository's configuration that were not applied and why. */
export function designReport(config: AssureConfig, outcome: DesignOutcome, links: Links): CheckReport {
  return withIgnoredConfiguration(config, reportOf(config, outcome, links), links);
}

/**
 * Says which keys of the repository's own configuration were ignored because they would loosen the
 * organisation's, with their lines (annotated on the repository's file). The check is otherwise unchanged.
 */
function withIgnoredConfiguration(config: AssureConfig, report: CheckReport, links: Links): CheckReport {
  const ignored = (config.ignored ?? []).map(visibleProblem);
  if (ignored.length === 0) return report;
  const section = [
    '',
    `#### Configuration not applied (${ignored.length})`,
    '',
    "The organisation's configuration decides who grants exemptions, where they live, how long they last, the mode and the standards; a repository's own file may only tighten it. These keys would have loosened it, so they were ignored:",
    '',
    '| Where | What |',
    '| --- | --- |',
    ...problemRows(ignored.slice(0, 50), links),
    '',
  ].join('\n');
  const annotations = ignored
    .filter((p) => p.line && p.file === CONFIG_FILE)
    .map((p): Annotation => ({ path: p.file, start_line: p.line!, end_line: p.line!, annotation_level: 'warning', title: 'Not applied: the organisation decides this', message: p.message.slice(0, MESSAGE_MAX) }));
  const summary = report.summary.length + section.length <= MAX_MARKDOWN ? report.summary + section : report.summary;
  return { ...report, summary, annotations: [...annotations, ...report.annotations] };
}

function reportOf(config: AssureConfig, outcome: DesignOutcome, links: Links): CheckReport {
  switch (outcome.kind) {
    case 'no-manifest':
      return outcome.required ? requiredManifestReport(config, outcome.path, outcome.starter) : noManifestReport(outcome.path, outcome.starter);
    case 'invalid':
      return invalidManifestReport(config, outcome.path, outcome.problems, links);
    case 'evaluated': {
      return evaluationReport(config, outcome.evaluation, { ...links, ...artefactLinks(outcome.artefacts) }, outcome.designProblems);
    }
  }
}

function fit(text: string): string {
  return text.length <= MAX_MARKDOWN ? text : `${text.slice(0, MAX_MARKDOWN - 120)}\n\n> Cut to fit GitHub's limit; run \`assure check\` for everything.\n`;
}
