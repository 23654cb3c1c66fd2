// Webhook deliveries as GitHub makes them (headers, HMAC signature, body), and payloads for the events assure
// handles, built from the local GitHub's state so repository, installation, pull request and sender agree.
import http from 'node:http';
import { createHmac, randomUUID } from 'node:crypto';
import type { GitHubSim } from './github.js';
import type { SimIssue, SimRepo } from './model.js';

export interface WebhookEvent {
  /** The X-GitHub-Event name, e.g. pull_request. */
  name: string;
  payload: Record<string, unknown>;
}

export interface Delivery extends WebhookEvent {
  secret: string;
  /** X-GitHub-Delivery; a redelivery reuses the original's. Default: a new UUID. */
  id?: string;
  /** The App's id, sent as X-GitHub-Hook-Installation-Target-ID as GitHub does for App webhooks. */
  appId?: number;
}

export const HOOKSHOT_USER_AGENT = 'GitHub-Hookshot/6f2a1d3';

/** GitHub's X-Hub-Signature-256 for a body: `sha256=` + HMAC-SHA256 hex of the exact bytes. */
export function signature256(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a webhook as GitHub does and resolves with the receiver's HTTP status. */
export function deliver(targetUrl: string, delivery: Delivery): Promise<number> {
  const body = JSON.stringify(delivery.payload);
  const id = delivery.id ?? randomUUID();
  const url = new URL(targetUrl);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': HOOKSHOT_USER_AGENT,
    accept: '*/*',
    'x-github-event': delivery.name,
    'x-github-delivery': id,
    'x-hub-signature': `sha1=${createHmac('sha1', delivery.secret).update(body).digest('hex')}`,
    'x-hub-signature-256': signature256(body, delivery.secret),
    'x-github-hook-id': '1',
  };
  if (delivery.appId !== undefined) {
    headers['x-github-hook-installation-target-type'] = 'integration';
    headers['x-github-hook-installation-target-id'] = String(delivery.appId);
  }
  return new Promise((resolve, reject) => {
    // agent: false closes the connection afterwards, so deliveries never keep a test process alive.
    const request = http.request(url, { method: 'POST', headers, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

// ---- payload builders ----------------------------------------------------------------------------
// Payloads satisfy both GitHub's current webhook description and Octokit's stricter schemas, so a handler
// written against them never depends on a field only one of them promises (user_view_type, client_id).

const WEBHOOK_OMITS = new Set(['user_view_type', 'client_id']);

function forWebhook<T>(value: T): T {
  if (Array.isArray(value)) return value.map(forWebhook) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (!WEBHOOK_OMITS.has(key)) out[key] = forWebhook(v);
  return out as T;
}

function webhookRepo(sim: GitHubSim, repo: SimRepo): Record<string, unknown> {
  return { ...sim.render.repo(repo), custom_properties: {} };
}

function webhookPull(sim: GitHubSim, repo: SimRepo, issue: SimIssue): Record<string, unknown> {
  const pull = sim.render.pull(repo, issue) as Record<string, Record<string, unknown>>;
  return { ...pull, head: { ...pull.head, repo: webhookRepo(sim, repo) }, base: { ...pull.base, repo: webhookRepo(sim, repo) } };
}

function webhookIssue(sim: GitHubSim, repo: SimRepo, issue: SimIssue): Record<string, unknown> {
  const { closed_by: _closedBy, ...rest } = sim.render.issue(repo, issue);
  return rest;
}

function common(sim: GitHubSim, repo: SimRepo, sender: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    repository: webhookRepo(sim, repo),
    sender: sim.render.user(sender),
  };
  const owner = sim.state.users.get(repo.owner.toLowerCase());
  if (owner?.type === 'Organization') out.organization = renderOrganization(sim, owner.login);
  const installation = sim.state.installationFor(repo.owner);
  if (installation) out.installation = { id: installation.id, node_id: `MDIz${Buffer.from(`Installation${installation.id}`).toString('base64')}` };
  return out;
}

function renderOrganization(sim: GitHubSim, login: string): Record<string, unknown> {
  const user = sim.state.user(login, 'Organization');
  const api = `${sim.render.apiUrl}/orgs/${login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: (sim.render.user(login) as { node_id: string }).node_id,
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    description: null,
  };
}

/** A check run's suite as check_run payloads carry it (the check_suite event has more). */
function runSuite(suite: Record<string, unknown>): Record<string, unknown> {
  const keep = ['id', 'node_id', 'head_branch', 'head_sha', 'status', 'conclusion', 'url', 'before', 'after', 'pull_requests', 'app', 'created_at', 'updated_at'];
  return Object.fromEntries(keep.filter((k) => k in suite).map((k) => [k, suite[k]]));
}

function pullOf(sim: GitHubSim, repo: string, number: number): { repo: SimRepo; issue: SimIssue } {
  const r = sim.state.repo(repo);
  const issue = sim.issue(repo, number);
  if (!issue.pull) throw new Error(`${repo}#${number} is not a pull request`);
  return { repo: r, issue };
}

export type PullRequestAction = 'opened' | 'synchronize' | 'reopened' | 'ready_for_review' | 'closed';

/**
 * A pull_request event for a pull request in the simulation. Sender: the author, or for `closed` whoever
 * merged or closed it. `synchronize` carries before/after from the latest push (sim.pushCommit).
 */
export function pullRequestEvent(sim: GitHubSim, options: { repo: string; number: number; action: PullRequestAction; sender?: string }): WebhookEvent {
  const { repo, issue } = pullOf(sim, options.repo, options.number);
  const pull = issue.pull as NonNullable<SimIssue['pull']>;
  const sender = options.sender ?? (options.action === 'closed' ? (pull.mergedBy ?? issue.closedBy ?? issue.user) : issue.user);
  const payload: Record<string, unknown> = {
    action: options.action,
    number: issue.number,
    pull_request: webhookPull(sim, repo, issue),
    ...common(sim, repo, sender),
  };
  if (options.action === 'synchronize') {
    payload.before = pull.previousHeadSha ?? pull.headSha;
    payload.after = pull.headSha;
  }
  return { name: 'pull_request', payload: forWebhook(payload) };
}

/** An issue_comment event for a comment in the simulation (on an issue or a pull request); `edited` defaults to its latest edit. */
export function issueCommentEvent(
  sim: GitHubSim,
  options: { commentId: number; action: 'created' | 'edited'; sender?: string; changes?: { body: { from: string } } },
): WebhookEvent {
  const comment = sim.state.comments.get(options.commentId);
  if (!comment) throw new Error(`The simulation has no comment ${options.commentId}`);
  const repo = sim.state.repo(comment.repo);
  const issue = sim.issue(comment.repo, comment.issueNumber);
  const payload: Record<string, unknown> = {
    action: options.action,
    issue: webhookIssue(sim, repo, issue),
    comment: sim.render.comment(comment),
    ...common(sim, repo, options.sender ?? comment.user),
  };
  if (options.action === 'edited') payload.changes = options.changes ?? { body: { from: comment.previousBody ?? comment.body } };
  return { name: 'issue_comment', payload: forWebhook(payload) };
}

/** An issues event: labeled/unlabeled need the label's name; edited defaults to the issue's latest title/body edit. */
export function issuesEvent(
  sim: GitHubSim,
  options: { repo: string; number: number; action: 'labeled' | 'unlabeled' | 'edited'; sender: string; label?: string; changes?: Record<string, unknown> },
): WebhookEvent {
  const repo = sim.state.repo(options.repo);
  const issue = sim.issue(options.repo, options.number);
  const payload: Record<string, unknown> = {
    action: options.action,
    issue: webhookIssue(sim, repo, issue),
    ...common(sim, repo, options.sender),
  };
  if (options.action === 'labeled' || options.action === 'unlabeled') {
    if (!options.label) throw new Error(`issues.${options.action} needs the label`);
    payload.label = sim.render.label(repo, options.label);
  }
  if (options.action === 'edited') payload.changes = options.changes ?? issue.lastChanges ?? {};
  return { name: 'issues', payload: forWebhook(payload) };
}

/** A check_run event for a run in the simulation; requested_action needs the button's identifier. */
export function checkRunEvent(
  sim: GitHubSim,
  options: { checkRunId: number; action: 'rerequested' | 'requested_action' | 'created' | 'completed'; sender: string; identifier?: string },
): WebhookEvent {
  const run = sim.state.checkRuns.get(options.checkRunId);
  if (!run) throw new Error(`The simulation has no check run ${options.checkRunId}`);
  const repo = sim.state.repo(run.repo);
  if ((options.action === 'rerequested' || options.action === 'requested_action') && run.status !== 'completed') {
    throw new Error(`check_run.${options.action} is only sent for a completed run; ${run.id} is ${run.status}`);
  }
  const suite = sim.state.checkSuites.get(run.suiteId);
  const payload: Record<string, unknown> = {
    action: options.action,
    check_run: { ...sim.render.checkRun(run), check_suite: suite ? runSuite(sim.render.checkSuite(suite)) : null },
    ...common(sim, repo, options.sender),
  };
  if (options.action === 'requested_action') {
    if (!options.identifier) throw new Error('check_run.requested_action needs the action identifier');
    payload.requested_action = { identifier: options.identifier };
  }
  return { name: 'check_run', payload: forWebhook(payload) };
}

/** A check_suite event for the App's suite on a commit (created on first use, as GitHub does on push). */
export function checkSuiteEvent(sim: GitHubSim, options: { repo: string; headSha: string; action: 'rerequested' | 'requested' | 'completed'; sender: string }): WebhookEvent {
  const repo = sim.state.repo(options.repo);
  if (!repo.commits.has(options.headSha)) throw new Error(`${options.repo} has no commit ${options.headSha}`);
  const suite = sim.state.suiteFor(repo, options.headSha);
  return {
    name: 'check_suite',
    payload: forWebhook({ action: options.action, check_suite: sim.render.checkSuite(suite), ...common(sim, repo, options.sender) }),
  };
}

/** An installation event for the App's installation on an account. */
export function installationEvent(sim: GitHubSim, options: { account: string; action: 'created' | 'deleted'; sender: string }): WebhookEvent {
  const installation = sim.state.installationFor(options.account);
  if (!installation) throw new Error(`The App is not installed on ${options.account}`);
  const repositories = [...sim.state.repos.values()]
    .filter((r) => r.owner.toLowerCase() === options.account.toLowerCase())
    .filter((r) => installation.repositories === 'all' || installation.repositories.some((n) => n.toLowerCase() === r.fullName.toLowerCase()))
    .map((r) => ({ id: r.id, node_id: (sim.render.repo(r) as { node_id: string }).node_id, name: r.name, full_name: r.fullName, private: r.visibility !== 'public' }));
  return {
    name: 'installation',
    payload: forWebhook({
      action: options.action,
      installation: sim.render.installation(installation),
      repositories,
      sender: sim.render.user(options.sender),
    }),
  };
}
