// Nobody but assure changes an exception's state: a label of assure's added or removed by someone else is
// put back, and an edited description is restored from the signed record it held before (what the person
// wrote is kept in a comment, never lost).
import type { GitHubContext } from '../context.js';
import { fullName, type RepoRef } from '../repo.js';
import type { AssureConfig } from '../config/types.js';
import { bodyFor, isOwnLabel, labelsFor, mergeLabels } from './issue.js';
import { readRecord, type AnyRecord } from './record.js';
import { storedIssue } from './store.js';
import { replyOnce, saveRecord, today } from './write.js';

export type GuardOutcome = 'ignored' | 'unchanged' | 'restored' | 'untrusted';

async function fetchIssue(ctx: GitHubContext, repo: RepoRef, number: number) {
  const { data } = await ctx.gh.rest.issues.get({ owner: repo.owner, repo: repo.repo, issue_number: number });
  return storedIssue(ctx, repo, data);
}

function isBot(ctx: GitHubContext, login: string): boolean {
  return login.toLowerCase() === ctx.botLogin.toLowerCase();
}

/** issues.labeled / issues.unlabeled: puts assure's labels back as the record says. */
export async function guardLabels(ctx: GitHubContext, config: AssureConfig, repo: RepoRef, number: number, sender: string, labelName: string, eventKey: string): Promise<GuardOutcome> {
  if (isBot(ctx, sender) || !isOwnLabel(labelName, config)) return 'ignored';
  const issue = await fetchIssue(ctx, repo, number);
  if (!issue.record) return 'ignored';
  const merged = mergeLabels(issue.labels, labelsFor(issue.record, config, today(ctx, config)), config);
  if (!merged) return 'unchanged';
  await ctx.gh.rest.issues.setLabels({ owner: repo.owner, repo: repo.repo, issue_number: number, labels: merged });
  await replyOnce(
    ctx,
    repo,
    number,
    `labels-${eventKey}`,
    `@${sender}, the \`${config.labels.prefix}:\` labels show the state recorded in this issue, so the label you changed was put back. To change the state, use the commands described above.`,
  );
  return 'restored';
}

/** A fence that the quoted text cannot close. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text.length > 60_000 ? `${text.slice(0, 60_000)}\n…` : text}\n${fence}`;
}

/**
 * How far a record has come: its revision, then (for records from before revisions, all revision 0) its
 * history, which only grows. An older record pasted back always counts less.
 */
function progress(candidate: { record: AnyRecord; revision: number }): [number, number, number] {
  const { record, revision } = candidate;
  return [revision, record.type === 'exception' ? record.history.length : 0, record.type === 'exception' ? record.reminded.length : 0];
}

function later<T extends { record: AnyRecord; revision: number }>(a: T, b: T): T {
  const [pa, pb] = [progress(a), progress(b)];
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pb[i]! > pa[i]! ? b : a;
  return a;
}

/**
 * issues.edited: a description changed by anyone but assure is rebuilt from the most advanced record it
 * or the body it replaced held. (Pasting back an older body that assure once signed cannot undo a later
 * decision: that record's history is shorter.)
 */
export async function guardBody(ctx: GitHubContext, config: AssureConfig, repo: RepoRef, number: number, sender: string, previousBody: string | undefined, eventKey: string): Promise<GuardOutcome> {
  if (isBot(ctx, sender) || previousBody === undefined) return 'ignored';
  const issue = await fetchIssue(ctx, repo, number);
  if (issue.author.toLowerCase() !== ctx.botLogin.toLowerCase()) return 'ignored';
  const place = { repository: fullName(repo), issue: number };
  const read = readRecord(previousBody, ctx.keys, place);
  const candidates = [
    ...(issue.record ? [{ record: issue.record, revision: issue.revision ?? 0 }] : []),
    ...(read.ok ? [{ record: read.record, revision: read.revision }] : []),
  ];
  if (candidates.length === 0) {
    await replyOnce(ctx, repo, number, `edit-${eventKey}`, `This issue's record was changed by someone other than assure and cannot be restored: it grants no exemption. The architecture team can ask for the exception again.`);
    return 'untrusted';
  }
  const best = candidates.reduce(later).record;
  // A body assure wrote for this very revision is left alone (signatures are deterministic).
  const unchanged = best.v === 2 && issue.record === best && issue.body === bodyFor(best, config, ctx.keys, place, today(ctx, config));
  if (unchanged) return 'unchanged';
  await saveRecord(ctx, config, repo, issue, best);
  await replyOnce(
    ctx,
    repo,
    number,
    `edit-${eventKey}`,
    `@${sender}, this description holds the exception's signed record, which only assure changes, so it was put back. What you wrote is kept below; to change the exception, use the commands in the description.\n\n<details><summary>Your edit</summary>\n\n${fenced(issue.body)}\n\n</details>`,
  );
  return 'restored';
}
