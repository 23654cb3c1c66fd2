// Who may ask: write access to the design repository, as GitHub's collaborator permission API says it
// (organisation membership, `author_association` or a comment's wording never count).
import type { GitHubContext } from './context.js';
import { isNotFound } from './config/contents.js';
import type { RepoRef } from './repo.js';

/** Whether `login` can push to `repo` (write, maintain or admin). */
export async function canWrite(ctx: GitHubContext, repo: RepoRef, login: string): Promise<boolean> {
  try {
    const { data } = await ctx.gh.rest.repos.getCollaboratorPermissionLevel({ owner: repo.owner, repo: repo.repo, username: login });
    // `permission` is the legacy level: maintain reads as write, triage as read.
    return data.permission === 'admin' || data.permission === 'write';
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
