// One function per event, shared by the App and the Action: each takes the context and the webhook payload.
import type { GitHubContext } from './context.js';
import { fullName, parseRepo, repoWebUrl, type RepoRef } from './repo.js';
import { configCache, loadConfig } from './config/load.js';
import { ConfigError } from './config/errors.js';
import type { AssureConfig } from './config/types.js';
import { evaluateDesign, type ExemptionLoader } from './design/evaluate.js';
import { githubDesignSource, platformFromPayload, type RepositorySettingsPayload } from './design/source.js';
import type { ConfigReader } from './config/reader.js';
import { reportConfigError, rerunChecks, runCheck, type CheckDeps, type CheckResult } from './checks/run.js';
import { CHECK_NAME, REQUEST_EXCEPTION } from './checks/report.js';
import { exemptableResults } from './checks/findings.js';
import { registerDesign, type RegisterResult } from './design-register/register.js';
import { serialise } from './serialise.js';
import { ISSUE_COMMANDS, PR_COMMANDS, parseCommand, type Command } from './exceptions/commands.js';
import { requestException, requestTicket, usageReply, type PullComment, type RequestOutcome } from './exceptions/request.js';
import { decideOnComment, type DecisionResult } from './exceptions/decision-comment.js';
import { loadExemptions as recordedExemptions } from './exceptions/store.js';
import { replyOnce } from './exceptions/write.js';
import { guardBody, guardLabels, type GuardOutcome } from './exceptions/guard.js';
import { closeExemptions, type ClosedExemption } from './exceptions/close.js';
import { canWrite } from './access.js';

/** What a front door passes in: how exemptions and the configuration are read. */
export interface HandlerDeps {
  /** The exemptions in force for a design repository; default: the exception issues of the configured exceptions repository. */
  loadExemptions?: ExemptionLoader;
  /** How `.github/assure.yml` is read; default: the contents API at each repository's default branch. */
  readConfig?: ConfigReader;
}

/** The loader a check uses: the front door's, else the exception issues assure keeps. */
export function exemptionLoader(deps: HandlerDeps): ExemptionLoader {
  return deps.loadExemptions ?? recordedExemptions;
}

function checkDeps(deps: HandlerDeps): CheckDeps {
  return { loadExemptions: exemptionLoader(deps) };
}

interface RepositoryPayload extends RepositorySettingsPayload {
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
async function configOr(ctx: GitHubContext, repo: RepoRef, deps: HandlerDeps, report?: (error: ConfigError) => Promise<unknown>): Promise<AssureConfig | undefined> {
  try {
    return await loadConfig(ctx, repo, deps.readConfig);
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
    platform: platformFromPayload(payload.repository),
  };
  let result: CheckResult | undefined;
  const config = await configOr(ctx, repo, deps, async (error) => (result = await reportConfigError(ctx, target, error)));
  return config ? runCheck(ctx, config, target, checkDeps(deps)) : result;
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
  const target = { ...repo, headSha: subject.head_sha, pullNumber: pull?.number, deliveryId: ctx.deliveryId, htmlUrl: payload.repository.html_url, platform: platformFromPayload(payload.repository) };
  let result: CheckResult | undefined;
  const config = await configOr(ctx, repo, deps, async (error) => (result = await reportConfigError(ctx, target, error)));
  return config ? runCheck(ctx, config, target, checkDeps(deps)) : result;
}

export interface ClosedResult {
  registered?: RegisterResult;
  /** Exemptions the merge made unnecessary, now closed. */
  closed?: ClosedExemption[];
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
  const config = await configOr(ctx, repo, deps);
  if (!config) return { skipped: 'configuration error' };
  const outcome = await evaluateDesign(ctx, config, repo, sha, exemptionLoader(deps), githubDesignSource(ctx, repo, sha, platformFromPayload(payload.repository)));
  if (outcome.kind !== 'evaluated') return { skipped: outcome.kind };
  const repoUrl = repoWebUrl(repo, payload.repository.html_url);
  const pullUrl = `${repoUrl}/pull/${payload.pull_request.number}`;
  const closed = outcome.evaluation.closable.length > 0 ? await closeExemptions(ctx, config, repo, { number: payload.pull_request.number, url: pullUrl }, outcome.evaluation.closable) : [];
  if (!outcome.evaluation.ok) return { skipped: 'not compliant', ...(closed.length > 0 ? { closed } : {}) };
  const registered = await registerDesign(ctx, config, {
    designRepo: repo,
    repoUrl,
    commit: sha,
    pullNumber: payload.pull_request.number,
    manifest: outcome.manifest,
    evaluation: outcome.evaluation,
  });
  ctx.log.info(`assure: ${fullName(repo)} ${registered.action} in the register of designs (issue ${registered.issueNumber})`);
  return { registered, ...(closed.length > 0 ? { closed } : {}) };
}

export interface IssueCommentPayload {
  action: string;
  issue: { number: number; pull_request?: unknown; user?: { login: string } | null; html_url?: string };
  comment: { id: number; body?: string | null; user?: { login: string; type?: string } | null; author_association?: string };
  repository: RepositoryPayload;
}

/** What a comment led to: a request on a pull request, or a decision in an exception issue. */
export type CommandResult =
  | { handled: false; why: string }
  | { handled: true; command: Command['name'] | 'invalid'; request?: RequestOutcome; decision?: NonNullable<Extract<DecisionResult, { handled: true }>['decision']>; duplicate?: boolean; rechecked?: CheckResult[] };

const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

function isBotUser(user: { login: string; type?: string } | null | undefined): boolean {
  return !user || user.type === 'Bot' || user.login.endsWith('[bot]');
}

/** issue_comment.created: slash commands on pull requests (ask) and in exception issues (decide). Edited comments and bots are ignored. */
export async function onIssueComment(ctx: GitHubContext, payload: IssueCommentPayload, deps: HandlerDeps = {}): Promise<CommandResult> {
  if (payload.action !== 'created') return { handled: false, why: `comment ${payload.action}: only new comments carry commands` };
  const user = payload.comment.user;
  if (isBotUser(user)) return { handled: false, why: 'written by a bot' };
  const login = user!.login;
  const repo = repoOf(payload);
  const onPull = payload.issue.pull_request !== undefined && payload.issue.pull_request !== null;
  const parsed = parseCommand(payload.comment.body, onPull ? PR_COMMANDS : ISSUE_COMMANDS);
  if (parsed.kind === 'none') return { handled: false, why: 'no command' };
  const config = await configOr(ctx, repo, deps);
  if (!config) return { handled: false, why: 'configuration error' };
  const key = `comment-${payload.comment.id}`;

  if (onPull) {
    const pullAuthor = payload.issue.user?.login ?? '';
    const asking = (parsed.kind === 'invalid' ? parsed.name : parsed.command.name) === 'exception';
    if (asking) {
      // An exception changes what the design is held to: only people who can push to it may ask.
      if (!(await canWrite(ctx, repo, login))) {
        await replyOnce(ctx, repo, payload.issue.number, key, `@${login}, asking for an exception needs write access to ${fullName(repo)}. Ask someone on the team who has it.`);
        return { handled: false, why: `${login} has no write access to ${fullName(repo)}` };
      }
    } else if (!TRUSTED_ASSOCIATIONS.has(payload.comment.author_association ?? '') && login.toLowerCase() !== pullAuthor.toLowerCase()) {
      return { handled: false, why: `${login} is not a collaborator or the pull request's author` };
    }
    const at: PullComment = {
      design: repo,
      designUrl: repoWebUrl(repo, payload.repository.html_url),
      pull: payload.issue.number,
      pullAuthor,
      commentId: payload.comment.id,
      login,
    };
    if (parsed.kind === 'invalid') {
      await replyOnce(ctx, repo, at.pull, key, usageReply(login, parsed.name, parsed.problem));
      return { handled: true, command: 'invalid' };
    }
    const command = parsed.command;
    const request = command.name === 'exception' ? await requestException(ctx, config, at, command) : await requestTicket(ctx, config, at, command as Extract<Command, { name: 'gap' | 'review' }>);
    return { handled: true, command: command.name, request };
  }

  const decision = { repo, issueNumber: payload.issue.number, commentId: payload.comment.id, login, parsed };
  return decideOnComment(ctx, config, decision, (design) => recheckDesign(ctx, design, deps));
}


/**
 * New checks for every open pull request and the default branch of a design whose exemptions changed.
 * A failure is thrown, not swallowed: the delivery fails, and its redelivery finds the decision recorded
 * and runs the checks again.
 */
export async function recheckDesign(ctx: GitHubContext, design: string, deps: HandlerDeps = {}): Promise<CheckResult[]> {
  const designRepo = parseRepo(design);
  if (!designRepo) return [];
  configCache.clear(designRepo);
  const designConfig = await loadConfig(ctx, designRepo, deps.readConfig);
  return rerunChecks(ctx, designConfig, designRepo, checkDeps(deps));
}

export interface IssuesPayload {
  action: string;
  issue: { number: number };
  label?: { name: string };
  changes?: { body?: { from?: string } };
  sender: { login: string };
  repository: RepositoryPayload;
}

/** issues.labeled, unlabeled, edited: assure's labels and records are put back when someone else changes them. */
export async function onIssues(ctx: GitHubContext, payload: IssuesPayload, deps: HandlerDeps = {}): Promise<GuardOutcome> {
  const repo = repoOf(payload);
  const key = ctx.deliveryId ?? `${payload.action}-${payload.issue.number}-${ctx.clock.now().getTime()}`;
  if (payload.action === 'labeled' || payload.action === 'unlabeled') {
    if (!payload.label) return 'ignored';
    if (payload.sender.login.toLowerCase() === ctx.botLogin.toLowerCase()) return 'ignored';
    const config = await configOr(ctx, repo, deps);
    if (!config) return 'ignored';
    return serialise(`issue:${fullName(repo)}#${payload.issue.number}`.toLowerCase(), () => guardLabels(ctx, config, repo, payload.issue.number, payload.sender.login, payload.label!.name, key));
  }
  if (payload.action === 'edited' && payload.changes?.body) {
    if (payload.sender.login.toLowerCase() === ctx.botLogin.toLowerCase()) return 'ignored';
    const config = await configOr(ctx, repo, deps);
    if (!config) return 'ignored';
    return serialise(`issue:${fullName(repo)}#${payload.issue.number}`.toLowerCase(), () => guardBody(ctx, config, repo, payload.issue.number, payload.sender.login, payload.changes?.body?.from, key));
  }
  return 'ignored';
}

export interface RequestedActionPayload {
  action: string;
  check_run: { id: number; name: string; head_sha: string; pull_requests?: CheckPullRequest[] };
  requested_action?: { identifier: string };
  sender: { login: string };
  repository: RepositoryPayload;
}

/** check_run.requested_action: the "Request exception" button answers on the pull request with the command to use. */
export async function onRequestedAction(ctx: GitHubContext, payload: RequestedActionPayload, deps: HandlerDeps = {}): Promise<'answered' | 'ignored'> {
  if (payload.action !== 'requested_action' || payload.requested_action?.identifier !== REQUEST_EXCEPTION.identifier || payload.check_run.name !== CHECK_NAME) return 'ignored';
  const repo = repoOf(payload);
  const pull = (payload.check_run.pull_requests ?? []).find((p) => !p.base?.repo?.name || p.base.repo.name.toLowerCase() === repo.repo.toLowerCase());
  if (!pull) return 'ignored';
  const config = await configOr(ctx, repo, deps);
  if (!config) return 'ignored';
  const sha = payload.check_run.head_sha;
  const outcome = await evaluateDesign(ctx, config, repo, sha, exemptionLoader(deps), githubDesignSource(ctx, repo, sha, platformFromPayload(payload.repository)));
  const exemptable = outcome.kind === 'evaluated' ? outcome.artefacts.artefacts.filter((a) => a.exemptable).map((a) => a.id) : [];
  const ev = outcome.kind === 'evaluated' ? outcome.evaluation : { results: [] };
  // Failures first: they are what blocks the pull request.
  const failing = [...new Set([...exemptableResults(ev, exemptable, ['fail']), ...exemptableResults(ev, exemptable, ['warn'])].map((r) => r.artefact))];
  const first = failing[0] ?? 'ARTEFACT-ID';
  const list = failing.length > 0 ? `Standards that can be exempted on this pull request: ${failing.map((f) => `\`${f}\``).join(', ')}.` : 'Nothing on this pull request can be exempted right now.';
  const text = `@${payload.sender.login}, to ask for an exception, comment on this pull request:\n\n\`\`\`\n/exception ${first} minor\nReason: why the design cannot meet the standard yet\nUntil: YYYY-MM-DD\nConditions:\n- what the team will do meanwhile\n\`\`\`\n\nUse \`challenge\` if the standard itself is wrong for you, or \`major\` for a significant deviation. ${list}`;
  await replyOnce(ctx, repo, pull.number, `action-${ctx.deliveryId ?? payload.check_run.id}`, text);
  return 'answered';
}
