// One function per event, shared by the App and the Action: each takes the context and the webhook payload.
import { fullName, type GitHubContext, type RepoRef } from './context.js';
import { configCache, loadConfig } from './config/load.js';
import { ConfigError } from './config/errors.js';
import type { AssureConfig } from './config/types.js';
import { evaluateDesign } from './checks/design.js';
import { reportConfigError, runCheck, type CheckDeps, type CheckResult } from './checks/run.js';
import { registerDesign, type RegisterResult } from './register/index.js';

export type HandlerDeps = CheckDeps;

interface RepositoryPayload {
  name: string;
  owner: { login: string };
  default_branch?: string;
  html_url?: string;
}

export interface PullRequestPayload {
  action: string;
  number: number;
  pull_request: {
    number: number;
    head: { sha: string };
    base: { ref: string; repo?: { html_url?: string } };
    merged?: boolean | null;
    merge_commit_sha?: string | null;
  };
  repository: RepositoryPayload;
}

interface CheckPullRequest {
  number: number;
  base?: { repo?: { name?: string; url?: string } };
}

export interface CheckRerunPayload {
  action: string;
  check_run?: { name: string; head_sha: string; pull_requests?: CheckPullRequest[] };
  check_suite?: { head_sha: string; pull_requests?: CheckPullRequest[] | null };
  repository: RepositoryPayload;
}

const PR_ACTIONS = new Set(['opened', 'synchronize', 'reopened', 'ready_for_review']);

function repoOf(payload: { repository: RepositoryPayload }): RepoRef {
  return { owner: payload.repository.owner.login, repo: payload.repository.name };
}

/** The configuration, or undefined after reporting why it cannot be used (on the check run when there is a commit to put it on). */
async function configOr(ctx: GitHubContext, repo: RepoRef, report?: (error: ConfigError) => Promise<unknown>): Promise<AssureConfig | undefined> {
  try {
    return await loadConfig(ctx, repo);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    ctx.log.warn(`assure: configuration of ${fullName(repo)} cannot be used:\n${error.message}`);
    if (report) await report(error);
    return undefined;
  }
}

/** pull_request opened, synchronize, reopened, ready_for_review: check the design at the head commit. */
export async function onPullRequest(ctx: GitHubContext, payload: PullRequestPayload, deps: HandlerDeps = {}): Promise<CheckResult | undefined> {
  if (!PR_ACTIONS.has(payload.action)) return undefined;
  const repo = repoOf(payload);
  const target = {
    ...repo,
    headSha: payload.pull_request.head.sha,
    pullNumber: payload.pull_request.number,
    deliveryId: ctx.deliveryId,
    htmlUrl: payload.repository.html_url,
  };
  let result: CheckResult | undefined;
  const config = await configOr(ctx, repo, async (error) => (result = await reportConfigError(ctx, target, error)));
  return config ? runCheck(ctx, config, target, deps) : result;
}

/** check_run.rerequested and check_suite.rerequested: a fresh check of the same commit. */
export async function onCheckRerun(ctx: GitHubContext, payload: CheckRerunPayload, deps: HandlerDeps = {}): Promise<CheckResult | undefined> {
  if (payload.action !== 'rerequested') return undefined;
  const subject = payload.check_run ?? payload.check_suite;
  if (!subject) return undefined;
  if (payload.check_run && payload.check_run.name !== 'assure') return undefined;
  const repo = repoOf(payload);
  // Only a pull request of this repository gets the comment (a fork's pull requests list the fork's base).
  const pull = (subject.pull_requests ?? []).find((p) => !p.base?.repo?.name || p.base.repo.name.toLowerCase() === repo.repo.toLowerCase());
  const target = { ...repo, headSha: subject.head_sha, pullNumber: pull?.number, deliveryId: ctx.deliveryId, htmlUrl: payload.repository.html_url };
  let result: CheckResult | undefined;
  const config = await configOr(ctx, repo, async (error) => (result = await reportConfigError(ctx, target, error)));
  return config ? runCheck(ctx, config, target, deps) : result;
}

export interface ClosedResult {
  registered?: RegisterResult;
  /** Why the design was not registered. */
  skipped?: string;
}

/** pull_request.closed: a merge into the default branch registers a compliant design. */
export async function onPullRequestClosed(ctx: GitHubContext, payload: PullRequestPayload, deps: HandlerDeps = {}): Promise<ClosedResult> {
  if (payload.action !== 'closed' || !payload.pull_request.merged) return { skipped: 'not merged' };
  const repo = repoOf(payload);
  const defaultBranch = payload.repository.default_branch;
  if (defaultBranch && payload.pull_request.base.ref !== defaultBranch) return { skipped: `merged into ${payload.pull_request.base.ref}, not ${defaultBranch}` };
  const sha = payload.pull_request.merge_commit_sha;
  if (!sha) return { skipped: 'no merge commit' };
  // The merge may have changed the configuration itself.
  configCache.clear(repo);
  const config = await configOr(ctx, repo);
  if (!config) return { skipped: 'configuration error' };
  const outcome = await evaluateDesign(ctx, config, repo, sha, deps.loadExemptions);
  if (outcome.kind !== 'evaluated') return { skipped: outcome.kind };
  if (!outcome.evaluation.ok) return { skipped: 'not compliant' };
  const registered = await registerDesign(ctx, config, {
    designRepo: repo,
    repoUrl: (payload.repository.html_url ?? `https://github.com/${fullName(repo)}`).replace(/\/+$/, ''),
    commit: sha,
    pullNumber: payload.pull_request.number,
    manifest: outcome.manifest,
    evaluation: outcome.evaluation,
  });
  ctx.log.info(`assure: ${fullName(repo)} ${registered.action} in the register of designs (issue ${registered.issueNumber})`);
  return { registered };
}
