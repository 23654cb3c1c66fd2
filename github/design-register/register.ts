// The register of designs: when a compliant design reaches the default branch, one issue per design
// repository in the exceptions repository records what it is, what it meets and what it is exempted from.
// The issue is found again by its label, hidden marker and author, and edited in place.
import type { Evaluation, Manifest } from '../../src/index.js';
import { calendarDate } from '../../src/time/clock.js';
import { cell, inline } from '../../src/reports/safe-markdown.js';
import type { GitHubContext } from '../context.js';
import { fullName, type RepoRef } from '../repo.js';
import { findMarkedIssue } from '../marked.js';
import { exceptionsRepo } from '../exceptions/store.js';
import { label, type AssureConfig } from '../config/types.js';
import { isWebLink } from '../links.js';

export const REGISTER_LABEL = 'design register';

export function registerMarker(designRepo: string): string {
  return `<!-- assure:design-register ${designRepo.toLowerCase()} -->`;
}

export interface DesignSummary {
  name: string;
  kind: string;
  phase?: string;
  area?: string;
  team?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

export function summariseDesign(manifest: Manifest): DesignSummary {
  const data = manifest.data as Record<string, Record<string, unknown> | undefined>;
  if (manifest.profile === 'school') {
    const org = data.organisation ?? {};
    return { name: text(org.name) ?? 'unnamed', kind: `school (${text(org.type) ?? 'organisation'})` };
  }
  const service = data.service ?? {};
  const team = (service.team ?? {}) as Record<string, unknown>;
  const teamText = [text(team.name), text(team.github_team) ? `(${text(team.github_team)})` : undefined].filter(Boolean).join(' ');
  return { name: text(service.name) ?? 'unnamed', kind: 'service', phase: text(service.phase), area: text(service.area), team: teamText || undefined };
}

export interface RegisterEntry {
  designRepo: RepoRef;
  /** https://host/owner/repo of the design repository. */
  repoUrl: string;
  commit: string;
  pullNumber?: number;
  manifest: Manifest;
  evaluation: Evaluation;
}

export function registerBody(entry: RegisterEntry, date: string): string {
  const repo = fullName(entry.designRepo);
  const design = summariseDesign(entry.manifest);
  const ev = entry.evaluation;
  const byArtefact = new Map<string, Set<string>>();
  for (const r of ev.results) {
    const set = byArtefact.get(r.artefact) ?? new Set<string>();
    set.add(r.status);
    byArtefact.set(r.artefact, set);
  }
  const met = ev.artefacts.filter((a) => {
    const statuses = byArtefact.get(a.id);
    return statuses?.has('pass') && [...statuses].every((s) => s === 'pass' || s === 'not-applicable');
  });
  const exemptions = new Map<string, { id: string; url?: string; artefact: string; kind: string; expires?: string }>();
  for (const r of ev.results) {
    if (r.status === 'exempted' && r.exemption && !exemptions.has(r.exemption.id)) {
      exemptions.set(r.exemption.id, { id: r.exemption.id, url: r.exemption.url, artefact: r.artefact, kind: r.exemption.kind, expires: r.exemption.expires });
    }
  }
  const link = (label: string, url: string): string => `[${label}](${url})`;
  const commitUrl = `${entry.repoUrl}/commit/${entry.commit}`;
  const manifestUrl = `${entry.repoUrl}/blob/${entry.commit}/${entry.manifest.file.split('/').map(encodeURIComponent).join('/')}`;
  const rows: Array<[string, string]> = [
    ['Design', cell(design.name)],
    ['Kind', cell(design.kind)],
    ...(design.phase ? [['Phase', cell(design.phase)] as [string, string]] : []),
    ...(design.area ? [['Area', cell(design.area)] as [string, string]] : []),
    ...(design.team ? [['Team', cell(design.team)] as [string, string]] : []),
    ['Repository', link(cell(repo), entry.repoUrl)],
    ['Manifest', link(cell(entry.manifest.file), manifestUrl)],
    ['Commit', link(entry.commit.slice(0, 7), commitUrl)],
    ...(entry.pullNumber !== undefined ? [['Merged in', link(`pull request ${entry.pullNumber}`, `${entry.repoUrl}/pull/${entry.pullNumber}`)] as [string, string]] : []),
    ['Registered', date],
    ['Standards met', `${met.length} of ${ev.artefacts.length} artefacts checked`],
    ['Exemptions in force', String(exemptions.size)],
  ];
  const lines = [
    registerMarker(repo),
    `### Design register: ${inline(repo)}`,
    '',
    `${cell(design.name)} is compliant with the organisation's technical standards as of ${date}. This entry is kept up to date by assure each time a compliant design merges to the default branch.`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    `#### Artefacts met (${met.length})`,
    '',
    ...(met.length > 0 ? ['| Artefact | Title | Version |', '| --- | --- | --- |', ...met.map((a) => `| ${isWebLink(a.source) ? link(cell(a.id), a.source) : cell(a.id)} | ${cell(a.title)} | ${cell(a.version)} |`)] : ['None.']),
    '',
    `#### Exemptions in force (${exemptions.size})`,
    '',
    ...(exemptions.size > 0
      ? ['| Exemption | Artefact | Kind | Until |', '| --- | --- | --- | --- |', ...[...exemptions.values()].map((e) => `| ${e.url ? link(cell(e.id), e.url) : cell(e.id)} | ${cell(e.artefact)} | ${e.kind} | ${e.expires ?? 'no end date'} |`)]
      : ['None.']),
    '',
  ];
  return lines.join('\n');
}

export interface RegisterResult {
  issueNumber: number;
  action: 'created' | 'updated' | 'unchanged';
}

/** Creates or updates the design's register issue in the exceptions repository. */
export async function registerDesign(ctx: GitHubContext, config: AssureConfig, entry: RegisterEntry): Promise<RegisterResult> {
  const target = exceptionsRepo(config);
  const repo = fullName(entry.designRepo);
  const name = label(config, REGISTER_LABEL);
  const date = calendarDate(ctx.clock.now(), config.time_zone);
  const existing = await findMarkedIssue(ctx, target, name, registerMarker(repo));
  const body = registerBody(entry, date);
  const title = `Design register: ${repo}`;
  if (existing) {
    // The date alone changing is not news: compare without it.
    const same = (existing.body ?? '').replace(/\d{4}-\d{2}-\d{2}/g, '') === body.replace(/\d{4}-\d{2}-\d{2}/g, '') && existing.title === title;
    if (same) return { issueNumber: existing.number, action: 'unchanged' };
    await ctx.gh.rest.issues.update({ owner: target.owner, repo: target.repo, issue_number: existing.number, title, body });
    return { issueNumber: existing.number, action: 'updated' };
  }
  const { data } = await ctx.gh.rest.issues.create({ owner: target.owner, repo: target.repo, title, body, labels: [name] });
  return { issueNumber: data.number, action: 'created' };
}
