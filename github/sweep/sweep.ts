// The sweep: one idempotent pass over every exception issue that moves each through time (reminders
// before the end, then expiry), re-runs the checks of designs whose exemptions ended, and keeps two issues
// up to date in place: the exemptions register and the list of artefacts past their review-by date.
// The CLI, the Action's `mode: sweep` and the App's timer all call `sweep()`.
import { daysBetween } from '../../src/time/dates.js';
import { inline } from '../../src/reports/safe-markdown.js';
import type { GitHubContext } from '../context.js';
import { fullName, type RepoRef } from '../repo.js';
import { findMarkedIssue } from '../marked.js';
import { label, type AssureConfig } from '../config/types.js';
import type { CheckResult } from '../checks/run.js';
import type { ExemptionLoader } from '../design/evaluate.js';
import { loadArtefactSources } from '../design/artefacts.js';
import { labelsFor, mergeLabels, teamMention, TIER_NAMES } from '../exceptions/issue.js';
import type { ExceptionRecord } from '../exceptions/record.js';
import { lastDay } from '../../src/engine/exemptions.js';
import { exceptionRecords, exceptionsRepo, listExceptionIssues, type StoredIssue } from '../exceptions/store.js';
import { replyOnce, saveRecord, today } from '../exceptions/write.js';
import { buildRegister } from './exemptions-register.js';
import { registerMarkdown } from './register-markdown.js';
import { isWebLink } from '../links.js';
import { compareText } from '../../src/compare.js';

export interface Transition {
  issue: number;
  design: string;
  artefact: string;
  /** remind: a reminder before the end; expire: the exemption ended; labels: the labels drifted from the record. */
  change: 'remind' | 'expire' | 'labels';
  /** For a reminder: the offset (days before the end) it answers. */
  offset?: number;
  end?: string;
}

/** What the recheck is given: the front door's exemption loader, when it has one. */
export interface RecheckDeps {
  loadExemptions?: ExemptionLoader;
}

export interface SweepOptions {
  /** Plan only: read everything, write nothing. */
  dryRun?: boolean;
  /** Re-runs the checks of a design whose exemption ended (the GitHub handlers provide it). */
  recheck?: (ctx: GitHubContext, design: string, deps: RecheckDeps) => Promise<CheckResult[]>;
  deps?: RecheckDeps;
  /** Told how many of the exception issues have been swept: after each change, every 100th and the last. */
  progress?: (done: number, total: number) => void;
}

/** What was done to the register or review issue; on a dry run, what would be done. */
export type IssueAction = 'created' | 'updated' | 'closed' | 'unchanged' | 'none';

export interface SweepResult {
  repository: string;
  date: string;
  exemptions: number;
  transitions: Transition[];
  rechecked: string[];
  register: IssueAction;
  review: IssueAction;
  overdueArtefacts: string[];
  dryRun: boolean;
}

export const EXEMPTIONS_REGISTER_LABEL = 'exemptions register';
export const REVIEW_OVERDUE_LABEL = 'review overdue';
const REGISTER_MARKER = '<!-- assure:exemptions-register -->';
const REVIEW_MARKER = '<!-- assure:artefacts-review-overdue -->';

function plan(record: ExceptionRecord, issue: StoredIssue, config: AssureConfig, date: string, at: string): { next: ExceptionRecord; transition?: Transition } {
  const base = { issue: issue.number, design: record.design, artefact: record.artefact };
  if (record.status !== 'approved') return { next: record };
  const end = lastDay(record);
  if (end === undefined) return { next: record };
  if (date > end) {
    const which = record.realignBy === end && record.expires !== end ? 'realign-by date' : 'end date';
    return {
      next: { ...record, status: 'expired', history: [...record.history, { by: 'assure', at, action: 'expire', note: `the ${which} ${end} has passed` }] },
      transition: { ...base, change: 'expire', end },
    };
  }
  const left = daysBetween(date, end);
  const due = config.exceptions.reminders.filter((o) => left <= o && !record.reminded.includes(o));
  if (due.length > 0) {
    // A sweep that did not run for a while sends one reminder, for the nearest offset, and counts the rest as sent.
    return { next: { ...record, reminded: [...record.reminded, ...due].sort((a, b) => b - a) }, transition: { ...base, change: 'remind', offset: Math.min(...due), end } };
  }
  return { next: record };
}

function reminderText(record: ExceptionRecord, config: AssureConfig, end: string, left: number): string {
  const team = teamMention(config.deciders[record.tier], `the ${TIER_NAMES[record.tier]}`);
  const what = record.kind === 'challenge' && record.realignBy === end ? 'must realign with the artefact' : 'exemption ends';
  return `@${record.requester} ${team}: this ${what} on ${end} (the last day it is in force), ${left === 0 ? 'today' : `in ${left} day${left === 1 ? '' : 's'}`}. After it, the check of ${inline(record.design)} fails on ${inline(record.artefact)} again. Meet the standard, or ask the deciders to \`/extend YYYY-MM-DD\`.`;
}

function expiryText(record: ExceptionRecord, config: AssureConfig, end: string): string {
  const team = teamMention(config.deciders[record.tier], `the ${TIER_NAMES[record.tier]}`);
  return `@${record.requester} ${team}: this exemption ended on ${end}. The check of ${inline(record.design)} fails on ${inline(record.artefact)} again until the design meets it; the deciders can still \`/extend YYYY-MM-DD\`.`;
}

/** Finds the bot's issue with a marker and label, and creates, updates or closes it to hold `body` (undefined = nothing to say). */
async function keepIssue(ctx: GitHubContext, repo: RepoRef, name: string, marker: string, title: string, body: string | undefined, dryRun: boolean): Promise<IssueAction> {
  const mine = await findMarkedIssue(ctx, repo, name, marker);
  if (body === undefined) {
    if (!mine || mine.state === 'closed') return 'none';
    if (!dryRun) await ctx.gh.rest.issues.update({ owner: repo.owner, repo: repo.repo, issue_number: mine.number, state: 'closed', state_reason: 'completed' });
    return 'closed';
  }
  const full = `${marker}\n${body}`;
  if (mine) {
    if (mine.body === full && mine.state === 'open' && mine.title === title) return 'unchanged';
    if (!dryRun) await ctx.gh.rest.issues.update({ owner: repo.owner, repo: repo.repo, issue_number: mine.number, title, body: full, state: 'open' });
    return 'updated';
  }
  if (!dryRun) await ctx.gh.rest.issues.create({ owner: repo.owner, repo: repo.repo, title, body: full, labels: [name] });
  return 'created';
}

async function overdueArtefacts(ctx: GitHubContext, config: AssureConfig, owner: string, date: string): Promise<Array<{ id: string; title: string; owner: string; reviewBy: string; source: string }>> {
  const loaded = await loadArtefactSources(ctx, config, owner);
  return loaded.artefacts
    .filter((a) => a.status !== 'retired' && a.reviewBy < date)
    .map((a) => ({ id: a.id, title: a.title, owner: a.owner, reviewBy: a.reviewBy, source: a.source }))
    .sort((a, b) => compareText(a.reviewBy, b.reviewBy) || compareText(a.id, b.id));
}

function reviewBody(config: AssureConfig, overdue: ReadonlyArray<{ id: string; title: string; owner: string; reviewBy: string; source: string }>, date: string): string {
  return [
    '### Artefacts past their review-by date',
    '',
    `${teamMention(config.deciders.architecture, 'Architecture team')}: ${overdue.length} artefact(s) in use are past their review-by date as of ${date}. Review each (update, replace or keep) and move its \`review_by\` on. This issue is kept up to date by assure's sweep and closes when none is overdue.`,
    '',
    '| Artefact | Title | Owner | Review by |',
    '| --- | --- | --- | --- |',
    ...overdue.map((a) => `| ${isWebLink(a.source) ? `[${inline(a.id)}](${a.source})` : inline(a.id)} | ${inline(a.title)} | ${inline(a.owner)} | ${a.reviewBy} |`),
    '',
  ].join('\n');
}

/** One pass over the exceptions repository of `config`. Safe to run as often and in as many places as you like. */
export async function sweep(ctx: GitHubContext, config: AssureConfig, options: SweepOptions = {}): Promise<SweepResult> {
  const repo = exceptionsRepo(config);
  const dryRun = options.dryRun ?? false;
  const date = today(ctx, config);
  const entries = exceptionRecords(await listExceptionIssues(ctx, config, false));
  const transitions: Transition[] = [];
  const ended = new Set<string>();
  const current: Array<{ number: number; url: string; record: ExceptionRecord }> = [];

  for (const [index, { issue, record }] of entries.entries()) {
    const { next, transition } = plan(record, issue, config, date, ctx.clock.now().toISOString());
    current.push({ number: issue.number, url: issue.url, record: next });
    const labelsDrift = mergeLabels(issue.labels, labelsFor(next, config, date), config) !== undefined;
    const changed = transition !== undefined || labelsDrift;
    if (changed) transitions.push(transition ?? { issue: issue.number, design: record.design, artefact: record.artefact, change: 'labels' });
    if (changed && !dryRun) {
      if (transition?.change === 'remind') {
        await replyOnce(ctx, repo, issue.number, `reminder-${transition.end}-${transition.offset}`, reminderText(next, config, transition.end!, daysBetween(date, transition.end!)));
      } else if (transition?.change === 'expire') {
        await replyOnce(ctx, repo, issue.number, `expired-${transition.end}`, expiryText(next, config, transition.end!));
        ended.add(record.design.toLowerCase());
      }
      await saveRecord(ctx, config, repo, issue, next, next.status === 'expired' ? 'closed' : undefined);
    }
    const done = index + 1;
    // Issues with nothing due go by in microseconds; those with writes take seconds each.
    if (changed || done % 100 === 0 || done === entries.length) options.progress?.(done, entries.length);
  }

  const rechecked: string[] = [];
  if (!dryRun && options.recheck) {
    for (const design of ended) {
      // One design's checks failing to run must not stop the others (the expiry itself is recorded).
      try {
        await options.recheck(ctx, design, options.deps ?? {});
        rechecked.push(design);
      } catch (error) {
        ctx.log.error(`assure: re-running the checks of ${design} after an expiry failed: ${(error as Error).message}`);
      }
    }
  }

  const register = buildRegister(current, date, config.time_zone);
  const registerAction = await keepIssue(ctx, repo, label(config, EXEMPTIONS_REGISTER_LABEL), REGISTER_MARKER, 'Exemptions register', registerMarkdown(register), dryRun);
  const overdue = await overdueArtefacts(ctx, config, repo.owner, date);
  const reviewAction = await keepIssue(
    ctx,
    repo,
    label(config, REVIEW_OVERDUE_LABEL),
    REVIEW_MARKER,
    'Artefacts past their review-by date',
    overdue.length > 0 ? reviewBody(config, overdue, date) : undefined,
    dryRun,
  );
  ctx.log.info(`assure: swept ${fullName(repo)} as of ${date}: ${entries.length} exemption(s), ${transitions.length} change(s)${dryRun ? ' planned' : ''}`);
  return {
    repository: fullName(repo),
    date,
    exemptions: entries.length,
    transitions,
    rechecked,
    register: registerAction,
    review: reviewAction,
    overdueArtefacts: overdue.map((a) => a.id),
    dryRun,
  };
}
