// The one comment assure keeps on a pull request: created only when there is something to act on, then
// edited in place on every later check, found again by its hidden marker and its author (the bot).
import type { GitHubContext } from '../context.js';
import type { RepoRef } from '../repo.js';
import { findMarkedComment } from '../marked.js';
import { inline } from '../../src/reports/safe-markdown.js';
import type { CheckReport } from './report.js';

export const PR_COMMENT_MARKER = '<!-- assure:pr-comment -->';

export interface CommentContext {
  headSha: string;
  runUrl: string;
}

export function commentBody(report: CheckReport, at: CommentContext): string | undefined {
  if (report.comment === undefined) return undefined;
  return `${PR_COMMENT_MARKER}\n${report.comment}\n\n<sub>Checked at ${at.headSha.slice(0, 7)} · [check details](${at.runUrl}) · this comment is updated on every push.</sub>\n`;
}

export function settledBody(report: CheckReport, at: CommentContext): string {
  return `${PR_COMMENT_MARKER}\n### assure: nothing to act on\n\n${inline(report.title, 255)} at ${at.headSha.slice(0, 7)}.\n\n<sub>[check details](${at.runUrl}) · this comment is updated on every push.</sub>\n`;
}

export async function findPullComment(ctx: GitHubContext, repo: RepoRef, pullNumber: number): Promise<{ id: number; body: string } | undefined> {
  const mine = await findMarkedComment(ctx, repo, pullNumber, PR_COMMENT_MARKER);
  return mine ? { id: mine.id, body: mine.body ?? '' } : undefined;
}

/** Returns the comment's id, or undefined when there is none (nothing to act on and never was). */
export async function upsertPullComment(ctx: GitHubContext, repo: RepoRef, pullNumber: number, report: CheckReport, at: CommentContext): Promise<number | undefined> {
  const existing = await findPullComment(ctx, repo, pullNumber);
  const body = commentBody(report, at) ?? (existing ? settledBody(report, at) : undefined);
  if (body === undefined) return undefined;
  if (existing) {
    if (existing.body !== body) await ctx.gh.rest.issues.updateComment({ owner: repo.owner, repo: repo.repo, comment_id: existing.id, body });
    return existing.id;
  }
  const { data } = await ctx.gh.rest.issues.createComment({ owner: repo.owner, repo: repo.repo, issue_number: pullNumber, body });
  return data.id;
}
