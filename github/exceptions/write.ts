// Writing exception issues: the body, labels and open/closed state change together, in one request, and
// every reply to a command is posted once however often the webhook is delivered.
import { calendarDate } from '../../src/time/clock.js';
import type { GitHubContext } from '../context.js';
import { fullName, type RepoRef } from '../repo.js';
import { findMarkedComment } from '../marked.js';
import type { AssureConfig } from '../config/types.js';
import { bodyFor, exceptionTitle, labelsFor, mergeLabels, ticketTitle } from './issue.js';
import type { AnyRecord } from './record.js';
import { exemptionCache } from './store.js';

export function today(ctx: GitHubContext, config: AssureConfig): string {
  return calendarDate(ctx.clock.now(), config.time_zone);
}

export function titleFor(record: AnyRecord): string {
  return record.type === 'exception' ? exceptionTitle(record) : ticketTitle(record);
}

/** Rewrites the issue from its record: body, assure's labels (others kept) and state. */
export async function saveRecord(
  ctx: GitHubContext,
  config: AssureConfig,
  repo: RepoRef,
  issue: { number: number; labels: readonly string[]; state: string },
  record: AnyRecord,
  state?: 'open' | 'closed',
): Promise<void> {
  const date = today(ctx, config);
  // Every write is a new revision, so an older one pasted back is recognised as older.
  const next = { ...record, issue: issue.number, rev: (record.rev ?? 0) + 1 };
  const labels = mergeLabels(issue.labels, labelsFor(record, config, date), config);
  await ctx.gh.rest.issues.update({
    owner: repo.owner,
    repo: repo.repo,
    issue_number: issue.number,
    title: titleFor(record),
    body: bodyFor(next, config, ctx.keys, { repository: fullName(repo), issue: issue.number }, date),
    ...(labels ? { labels } : {}),
    ...(state && state !== issue.state ? { state, ...(state === 'closed' ? { state_reason: record.type === 'exception' && record.status === 'closed' ? ('completed' as const) : ('not_planned' as const) } : {}) } : {}),
  });
  exemptionCache.clear(fullName(repo));
}

function replyMarker(key: string): string {
  return `<!-- assure:reply ${key} -->`;
}

/**
 * Posts a reply unless one for the same key is already there (a redelivered webhook): the key names the
 * comment or event being answered.
 */
export async function replyOnce(ctx: GitHubContext, repo: RepoRef, issueNumber: number, key: string, text: string): Promise<'posted' | 'already'> {
  const marker = replyMarker(key);
  if (await findMarkedComment(ctx, repo, issueNumber, marker)) return 'already';
  await ctx.gh.rest.issues.createComment({ owner: repo.owner, repo: repo.repo, issue_number: issueNumber, body: `${marker}\n${text}` });
  return 'posted';
}
