// How a design's findings are presented on GitHub, for the App's check run, the Action's step and the
// Request exception button alike: the link to each standard and to each manifest line, the level of each
// status, the title and message of an annotation, the failure count, what can be exempted and the hint
// that says how to ask. Pure.
import type { Evaluation, InputProblem, RuleResult } from '../../src/types.js';
import type { LoadedArtefacts } from '../design/artefacts.js';
import { isWebLink } from '../links.js';

/** GitHub's limits on an annotation's title and message. */
export const TITLE_MAX = 255;
export const MESSAGE_MAX = 4000;

export type FindingLevel = 'failure' | 'warning' | 'notice';

/** The statuses worth an annotation, and how loud each is. */
export const FINDING_LEVEL: Partial<Record<RuleResult['status'], FindingLevel>> = {
  fail: 'failure',
  'exemption-expired': 'failure',
  error: 'failure',
  warn: 'warning',
  notice: 'notice',
};

/** Where the report's links point: the design repository's web address and the commit checked. */
export interface Links {
  /** https://host/owner/repo of the design repository. */
  repoUrl: string;
  headSha: string;
}

/** A file of the design repository at the commit checked, at a line when given. */
export function fileUrl(links: Links, file: string, line?: number): string {
  return `${links.repoUrl}/blob/${links.headSha}/${file.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''}`;
}

/** Artefact id -> where the standard can be read: its own source when that is a link, else its file in a standards repository. */
export function artefactLinks(artefacts: LoadedArtefacts): { artefactLink: (id: string) => string | undefined; remediation: (id: string) => string | undefined } {
  const byId = new Map(artefacts.artefacts.map((a) => [a.id, a]));
  return {
    artefactLink: (id) => {
      const a = byId.get(id);
      if (!a) return undefined;
      return isWebLink(a.source) ? a.source : artefacts.fileUrls.get(a.file);
    },
    remediation: (id) => byId.get(id)?.remediation,
  };
}

/** Findings to fix before the design is compliant. */
export function failureCount(summary: Evaluation['summary']): number {
  return summary.fail + summary['exemption-expired'] + summary.error;
}

export function findingTitle(r: RuleResult): string {
  return `${r.artefact} ${r.rule}: ${r.artefactTitle}`.slice(0, TITLE_MAX);
}

/** The finding's message, with the lapsed exemption named and the standard linked. */
export function findingMessage(r: RuleResult, link: string | undefined): string {
  const lapsed = r.status === 'exemption-expired' ? ` (exemption ${r.exemption?.id ?? ''} has lapsed)` : '';
  return `${r.message}${lapsed}${link ? `\n\nStandard: ${link}` : ''}`.slice(0, MESSAGE_MAX);
}

/** The title of an annotation on a problem with the manifest itself. */
export function problemTitle(p: InputProblem): string {
  return p.level === 'error' ? 'The design manifest cannot be read' : 'Check this';
}

/** Results of standards that allow exceptions, with one of the given statuses. */
export function exemptableResults(ev: Pick<Evaluation, 'results'>, exemptable: Iterable<string>, statuses: ReadonlyArray<RuleResult['status']>): RuleResult[] {
  const ids = new Set(exemptable);
  return ev.results.filter((r) => statuses.includes(r.status) && ids.has(r.artefact));
}

/** What blocks the pull request and an exception could cover: failures, lapsed exemptions included. */
export function askable(ev: Evaluation): RuleResult[] {
  return exemptableResults(ev, ev.artefacts.filter((a) => a.exemptable).map((a) => a.id), ['fail', 'exemption-expired']);
}

/** How to ask for an exception, for the first such finding (`id` written as the output needs it). */
export function exceptionHint(id: string, button: boolean): string {
  return `If a finding cannot be fixed yet, ask for an exception: comment \`/exception ${id} minor\` on the pull request, with the reason, the date it will be fixed by and any conditions on the lines below${button ? ' (or press **Request exception** on the check)' : ''}.`;
}

/** The opening of the no-manifest report; `verdict` says what the check (or step) does meanwhile. */
export function noManifestText(inlinePath: string, verdict: string, subject: string): string[] {
  return [
    '### assure: no design manifest yet',
    '',
    `This repository has no \`${inlinePath}\`, so there is nothing to check. ${verdict}`,
    '',
    '**How to start:** run `npx assure init` in the repository to write a starter `design.yml`, fill it in, and open a pull request.',
    `Each pull request is then checked against the organisation's technical standards, and this ${subject} says exactly what to fix.`,
    '',
  ];
}
