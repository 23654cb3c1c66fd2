// The issues and comments assure keeps in place are found again by two things together: the bot wrote
// them, and they start with a hidden marker. A copy by anyone else is never taken for one of them.
import type { GitHubContext } from './context.js';
import type { RepoRef } from './repo.js';

function byBotWithMarker(ctx: GitHubContext, marker: string) {
  const bot = ctx.botLogin.toLowerCase();
  return (item: { user?: { login: string } | null; body?: string | null }): boolean => item.user?.login.toLowerCase() === bot && (item.body ?? '').startsWith(marker);
}

/** The bot's issue, among those labelled `label` (open or closed), whose body starts with `marker`. */
export async function findMarkedIssue(ctx: GitHubContext, repo: RepoRef, label: string, marker: string) {
  const issues = await ctx.gh.paginate(ctx.gh.rest.issues.listForRepo, { owner: repo.owner, repo: repo.repo, labels: label, state: 'all', per_page: 100 });
  const mine = byBotWithMarker(ctx, marker);
  return issues.find((i) => !i.pull_request && mine(i));
}

/** The bot's comment on an issue or pull request whose body starts with `marker`. */
export async function findMarkedComment(ctx: GitHubContext, repo: RepoRef, issueNumber: number, marker: string) {
  const comments = await ctx.gh.paginate(ctx.gh.rest.issues.listComments, { owner: repo.owner, repo: repo.repo, issue_number: issueNumber, per_page: 100 });
  return comments.find(byBotWithMarker(ctx, marker));
}
