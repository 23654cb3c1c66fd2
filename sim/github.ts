// A local GitHub for end-to-end tests, the demo and load tests: the REST operations assure uses, served from
// memory on loopback. Every request is first checked against GitHub's OpenAPI description (sim/openapi-subset.json);
// one GitHub would refuse gets a 422 and lands in `rejected`, so tests can insist that list stays empty.
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { Clock } from '../src/time/clock.js';
import { createRequestValidator, type RequestValidator } from './openapi-check.js';
import { seededRandom } from './random.js';
import { handleGraphQL } from './graphql.js';
import { ACTIONS_TOKEN_PERMISSIONS, LEVELS, createAuth, type Auth, type Level } from './auth.js';
import {
  SimError,
  SimModel,
  blobSha,
  isoSeconds,
  notFound,
  type AuthorAssociation,
  type Permission,
  type SimAnnotation,
  type SimCheckRun,
  type SimComment,
  type SimIssue,
  type SimRepo,
  type Visibility,
} from './model.js';

export { SimModel, SimError } from './model.js';
export type * from './model.js';


export interface SimToken {
  token: string;
  /** Who the token acts as (the author of what it creates). Default github-actions[bot]. */
  login?: string;
  /** Full names it can reach; default all. */
  repositories?: 'all' | string[];
  /** Default: what a workflow's GITHUB_TOKEN gets, which cannot read organisation membership. */
  permissions?: Record<string, Level>;
}

export interface GitHubSimOptions {
  /** The simulation's clock starts here (default 2026-01-05T09:00:00Z); see setNow and clock. */
  now?: Date | string;
  appId?: number;
  appSlug?: string;
  appName?: string;
  appOwner?: string;
  /** The App's bot user, author of everything created with an installation token. Default `${appSlug}[bot]`. */
  botLogin?: string;
  /** When given, App JWTs must be RS256-signed with this key (PEM); otherwise any well-formed JWT passes. */
  appPrivateKey?: string;
  /** Tokens accepted without an installation, e.g. a workflow's GITHUB_TOKEN for the Action. */
  tokens?: SimToken[];
  /** Requests per installation per hour of the simulation's clock; unset = reported (5000) but never enforced. */
  rateLimit?: number;
  /** Where html_url fields point. Default https://github.com. */
  htmlUrl?: string;
  /** Check each JSON response against the description too (mismatches go to the log entry's responseErrors). Default true. */
  checkResponses?: boolean;
  validator?: RequestValidator;
  host?: string;
  port?: number;
}

export interface RequestLog {
  seq: number;
  method: string;
  /** The path without the query string and without a GitHub Enterprise /api/v3 prefix. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  operationId?: string;
  /** Why it was refused: the OpenAPI check, or a parameter the simulation does not implement. */
  errors?: string[];
  fault?: 'server-error' | 'secondary-rate-limit' | 'slow';
  /** The simulation's clock when the request arrived. */
  at: string;
  /** Installation id, `app` (JWT), the login of a configured token, or undefined when unauthenticated. */
  actor?: string;
  responseErrors?: string[];
}

export interface FaultSpec {
  seed: number;
  /** Share of requests answered with a 5xx (0..1). */
  rate5xx?: number;
  /** Share answered with a 403 secondary rate limit and `retry-after: 1`. */
  rateSecondaryLimit?: number;
  /** Share delayed by slowMs before being handled normally. */
  slowRate?: number;
  slowMs?: number;
  /** Stop after this many faults (e.g. 1: GitHub fails once, then recovers). Default unlimited. */
  limit?: number;
  /** Which requests may fail; default all. */
  only?: (request: { method: string; path: string; operationId: string }) => boolean;
}

export interface AddRepoOptions {
  owner: string;
  name: string;
  defaultBranch?: string;
  visibility?: Visibility;
  description?: string;
  ownerType?: 'Organization' | 'User';
  /** Files on the default branch's first commit: path -> text. */
  files?: Record<string, string>;
  /** Install the App on the owner if it is not yet installed there (default true). */
  install?: boolean;
}

export interface OpenPullRequestOptions {
  repo: string;
  author: string;
  /** The head branch; created from the base branch when it does not exist. */
  head: string;
  base?: string;
  title?: string;
  body?: string;
  /** Changes committed to the head branch before the pull request opens (null deletes). */
  files?: Record<string, string | null>;
  draft?: boolean;
}

type Json = Record<string, unknown>;

export interface GitHubSim {
  /** http://127.0.0.1:<port>; use as Octokit's baseUrl (http://127.0.0.1:<port>/api/v3 works too). */
  readonly url: string;
  readonly server: http.Server;
  /** Everything the simulation holds, with the renderers webhook payloads use. */
  readonly state: SimModel;
  readonly clock: Clock;
  readonly botLogin: string;
  readonly appId: number;
  readonly requests: RequestLog[];
  readonly rejected: RequestLog[];
  close(): Promise<void>;
  now(): Date;
  setNow(date: Date | string): void;
  advance(ms: number): void;
  injectFaults(spec: FaultSpec | null): void;

  addUser(login: string, options?: { type?: 'User' | 'Bot' | 'Organization'; name?: string }): void;
  addRepo(options: AddRepoOptions): SimRepo;
  /** Commits one file to a branch (created from the default branch if new); returns the new commit SHA. */
  addFile(repo: string, ref: string, path: string, text: string): string;
  pushCommit(repo: string, branch: string, files: Record<string, string | null>, options?: { message?: string; author?: string }): string;
  branchSha(repo: string, branch?: string): string;
  /** Every file at a commit or branch (default: the default branch), as a checkout would hold them. */
  filesAt(repo: string, ref?: string): Record<string, string>;
  /** Opens a pull request; returns it as GitHub renders it (ready for a pull_request payload). */
  openPullRequest(options: OpenPullRequestOptions): Json;
  mergePullRequest(repo: string, number: number, options?: { by?: string }): Json;
  closePullRequest(repo: string, number: number, options?: { by?: string }): Json;
  addIssue(options: { repo: string; title: string; body?: string; author: string; labels?: string[] }): Json;
  addIssueComment(options: { repo: string; number: number; author: string; body: string; authorAssociation?: AuthorAssociation }): Json;
  /** Someone edits a comment; returns the comment and GitHub's `changes` for the edited event. */
  editIssueComment(commentId: number, body: string): { comment: Json; changes: { body: { from: string } } };
  /** Someone other than the App edits an issue (title, body, state). */
  editIssue(repo: string, number: number, changes: { title?: string; body?: string; state?: 'open' | 'closed' }, by: string): { issue: Json; changes: Json };
  /** Someone other than the App adds or removes a label. */
  labelIssue(repo: string, number: number, name: string): Json;
  unlabelIssue(repo: string, number: number, name: string): Json;
  addLabel(repo: string, name: string, options?: { color?: string; description?: string }): void;
  addTeamMember(org: string, team: string, login: string, state?: 'active' | 'pending', role?: 'member' | 'maintainer'): void;
  setPermission(repo: string, login: string, permission: Permission): void;
  addInstallation(options: { account: string; id?: number; repositories?: 'all' | string[]; permissions?: Record<string, Level> }): number;
  installationId(account: string): number;
  /** An installation token without the JWT exchange (what Probot gets from POST .../access_tokens). */
  createInstallationToken(installation: number | string): string;

  issue(repo: string, number: number): SimIssue;
  issues(repo: string): SimIssue[];
  comments(repo: string, number: number): SimComment[];
  checkRuns(repo: string, headSha?: string): SimCheckRun[];
}

const DOCS = 'https://docs.github.com/rest';
const SECONDARY_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID ';



interface Ctx {
  operationId: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  headers: IncomingHttpHeaders;
  auth: Auth;
  /** The authenticated actor's login (the author of what this request creates). */
  actor: string;
  repo: SimRepo;
  /** The request's own URL (for Link headers), with any /api/v3 prefix. */
  self: URL;
  prefix: string;
}

interface Reply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}



function base64Lines(text: string): string {
  const b64 = Buffer.from(text, 'utf8').toString('base64');
  return (b64.match(/.{1,60}/g) ?? []).map((line) => `${line}\n`).join('');
}

function labelNames(body: unknown): string[] {
  const list = Array.isArray(body) ? body : typeof body === 'string' ? [body] : (body as { labels?: unknown } | undefined)?.labels;
  if (typeof list === 'string') return [list];
  if (!Array.isArray(list)) return [];
  return list.map((item) => (typeof item === 'string' ? item : String((item as { name?: unknown }).name ?? ''))).filter((n) => n !== '');
}

function unsupported(what: string): SimError {
  return new SimError(422, `The GitHub simulation does not implement ${what}`, { unsupported: true });
}


export async function createGitHubSim(options: GitHubSimOptions = {}): Promise<GitHubSim> {
  const appSlug = options.appSlug ?? 'assure';
  const botLogin = options.botLogin ?? `${appSlug}[bot]`;
  const appId = options.appId ?? 1;
  const model = new SimModel({
    now: new Date(options.now ?? '2026-01-05T09:00:00Z'),
    app: { id: appId, slug: appSlug, name: options.appName ?? appSlug, owner: options.appOwner ?? 'assure-app', botLogin },
    htmlUrl: options.htmlUrl ?? 'https://github.com',
  });
  const validator = options.validator ?? sharedValidator();
  const checkResponses = options.checkResponses ?? true;
  const publicKey: KeyObject | undefined = options.appPrivateKey ? createPublicKey(options.appPrivateKey) : undefined;
  const { grants, issueToken, authenticate, authorise } = createAuth({ model, appId, botLogin, publicKey });
  for (const t of options.tokens ?? []) {
    grants.set(t.token, {
      token: t.token,
      login: t.login ?? 'github-actions[bot]',
      repositories: t.repositories ?? 'all',
      permissions: { ...(t.permissions ?? ACTIONS_TOKEN_PERMISSIONS) },
    });
    model.user(t.login ?? 'github-actions[bot]', 'Bot');
  }
  const requests: RequestLog[] = [];
  const rejected: RequestLog[] = [];
  const usage = new Map<string, { window: number; used: number }>();
  const timers = new Set<NodeJS.Timeout>();
  let faults: { spec: FaultSpec; next: () => number; injected: number } | undefined;
  let closed = false;

  // ---- helpers ----------------------------------------------------------------------------------

  const paginate = <T>(ctx: Ctx, items: T[]): { items: T[]; headers: Record<string, string> } => {
    const perPage = Number(ctx.query.per_page ?? 30);
    const page = Number(ctx.query.page ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number): string => {
      const url = new URL(ctx.self.href);
      url.searchParams.set('page', String(n));
      return `<${url.href}>`;
    };
    const links: string[] = [];
    if (page > 1) links.push(`${link(Math.min(page - 1, last))}; rel="prev"`);
    if (page < last) links.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1) links.push(`${link(1)}; rel="first"`);
    return { items: items.slice((page - 1) * perPage, page * perPage), headers: links.length ? { link: links.join(', ') } : {} };
  };

  const sortBy = <T>(items: T[], key: (item: T) => string | number, direction: 'asc' | 'desc', tie: (item: T) => number): T[] => {
    const sign = direction === 'asc' ? 1 : -1;
    return [...items].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka !== kb) return (ka < kb ? -1 : 1) * sign;
      return (tie(a) - tie(b)) * sign;
    });
  };

  const issueOf = (ctx: Ctx): SimIssue => model.issue(ctx.repo, Number(ctx.params.issue_number));
  const labelsReply = (ctx: Ctx, issue: SimIssue): Reply => ({ status: 200, body: issue.labels.map((name) => model.renderLabel(ctx.repo, name)) });
  const shaOrFail = (repo: SimRepo, ref: string): string => {
    const sha = model.resolveRef(repo, ref);
    if (!sha) throw new SimError(422, `No commit found for SHA: ${ref}`);
    return sha;
  };

  const applyCheckRunBody = (run: SimCheckRun, body: Json, creating: boolean): void => {
    if (typeof body.name === 'string') run.name = body.name;
    if (typeof body.details_url === 'string') run.detailsUrl = body.details_url;
    if (typeof body.external_id === 'string') run.externalId = body.external_id;
    if (typeof body.started_at === 'string') run.startedAt = isoSeconds(new Date(body.started_at));
    if (typeof body.status === 'string') run.status = body.status;
    if (typeof body.conclusion === 'string') {
      run.conclusion = body.conclusion;
      run.status = 'completed';
    }
    if (run.status === 'completed') {
      if (!run.conclusion) throw new SimError(422, 'Invalid request.\n\n"conclusion" wasn\'t supplied.');
      run.completedAt = typeof body.completed_at === 'string' ? isoSeconds(new Date(body.completed_at)) : (run.completedAt ?? model.stamp());
    } else if (typeof body.completed_at === 'string') {
      throw new SimError(422, 'Invalid request.\n\n"conclusion" wasn\'t supplied.');
    }
    const output = body.output as { title?: string; summary?: string; text?: string; annotations?: SimAnnotation[] } | undefined;
    if (output) {
      if (output.title !== undefined) run.output.title = output.title;
      if (output.summary !== undefined) run.output.summary = output.summary;
      if (output.text !== undefined) run.output.text = output.text;
      // Each request's annotations are appended to those already on the run, as on GitHub.
      for (const a of output.annotations ?? []) run.output.annotations.push({ ...a });
    }
    if (Array.isArray(body.actions)) run.actions = (body.actions as SimCheckRun['actions']).map((a) => ({ ...a }));
    if (creating && !run.startedAt) run.startedAt = model.stamp();
  };

  // ---- operations -------------------------------------------------------------------------------

  const handlers: Record<string, (ctx: Ctx) => Reply> = {
    'apps/get-authenticated': () => ({ status: 200, body: model.renderApp() }),

    'apps/create-installation-access-token': (ctx) => {
      const installation = model.installations.get(Number(ctx.params.installation_id));
      if (!installation) throw notFound();
      const body = (ctx.body ?? {}) as { repositories?: string[]; repository_ids?: number[]; permissions?: Record<string, Level> };
      if (body.repository_ids) throw unsupported('repository_ids when creating an installation token (use repositories)');
      for (const [name, level] of Object.entries(body.permissions ?? {})) {
        const held = installation.permissions[name];
        if (!held || LEVELS[held] < LEVELS[level]) {
          throw new SimError(422, `The permissions requested are not granted to this installation.`);
        }
      }
      const grant = issueToken(installation, body);
      const expires = new Date(model.now().getTime() + 3600_000);
      return {
        status: 201,
        body: {
          token: grant.token,
          expires_at: isoSeconds(expires),
          permissions: grant.permissions,
          repository_selection: grant.repositories === 'all' ? 'all' : 'selected',
        },
      };
    },

    'apps/get-repo-installation': (ctx) => {
      const installation = model.installationFor(ctx.repo.owner);
      if (!installation) throw notFound();
      if (installation.repositories !== 'all' && !installation.repositories.some((n) => n.toLowerCase() === ctx.repo.fullName.toLowerCase())) throw notFound();
      return { status: 200, body: model.renderInstallation(installation) };
    },

    'repos/get': (ctx) => ({ status: 200, body: model.renderRepo(ctx.repo, true) }),

    'repos/get-content': (ctx) => {
      const ref = ctx.query.ref as string | undefined;
      const sha = model.resolveRef(ctx.repo, ref);
      if (!sha) throw new SimError(404, `No commit found for the ref ${ref ?? ctx.repo.defaultBranch}`);
      const commit = ctx.repo.commits.get(sha);
      if (!commit) throw notFound();
      const path = ctx.params.path?.replace(/^\/+|\/+$/g, '') ?? '';
      const refName = ref ?? ctx.repo.defaultBranch;
      const entry = (p: string, type: 'file' | 'dir', text?: string): Json => {
        const api = `${model.apiUrl}/repos/${ctx.repo.fullName}/contents/${p}?ref=${encodeURIComponent(refName)}`;
        const html = `${model.htmlUrl}/${ctx.repo.fullName}/${type === 'file' ? 'blob' : 'tree'}/${refName}/${p}`;
        const objectSha = text === undefined ? createHash('sha1').update(`tree:${sha}:${p}`).digest('hex') : blobSha(text);
        const git = `${model.apiUrl}/repos/${ctx.repo.fullName}/git/${type === 'file' ? 'blobs' : 'trees'}/${objectSha}`;
        return {
          type,
          name: p.split('/').pop() ?? p,
          path: p,
          sha: objectSha,
          size: text === undefined ? 0 : Buffer.byteLength(text, 'utf8'),
          url: api,
          html_url: html,
          git_url: git,
          download_url: type === 'file' ? `${model.htmlUrl}/${ctx.repo.fullName}/raw/${refName}/${p}` : null,
          _links: { self: api, git, html },
        };
      };
      const text = commit.files.get(path);
      const accept = String(ctx.headers.accept ?? '');
      if (text !== undefined) {
        if (/\bvnd\.github(\.v3)?\.raw\b/.test(accept)) {
          return { status: 200, text, headers: { 'content-type': 'text/plain; charset=utf-8' } };
        }
        return { status: 200, body: { ...entry(path, 'file', text), content: base64Lines(text), encoding: 'base64' } };
      }
      const prefix = path === '' ? '' : `${path}/`;
      const children = new Map<string, Json>();
      for (const [p, t] of commit.files) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const [first, ...more] = rest.split('/');
        if (!first) continue;
        const childPath = `${prefix}${first}`;
        if (!children.has(childPath)) children.set(childPath, more.length > 0 ? entry(childPath, 'dir') : entry(childPath, 'file', t));
      }
      if (children.size === 0) throw notFound();
      return { status: 200, body: [...children.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v) };
    },

    'git/get-tree': (ctx) => {
      const wanted = ctx.params.tree_sha ?? '';
      // GitHub takes a tree's SHA, or a commit's (or a ref) and lists that commit's tree.
      const commit = [...ctx.repo.commits.values()].find((c) => c.tree === wanted) ?? ctx.repo.commits.get(model.resolveRef(ctx.repo, wanted) ?? '');
      if (!commit) throw notFound();
      const recursive = ctx.query.recursive !== undefined;
      const folders = new Set<string>();
      const blobs: Json[] = [];
      for (const [path, text] of commit.files) {
        const parts = path.split('/');
        if (!recursive && parts.length > 1) {
          folders.add(parts[0]!);
          continue;
        }
        for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
        const sha = blobSha(text);
        blobs.push({ path, mode: '100644', type: 'blob', sha, size: Buffer.byteLength(text, 'utf8'), url: `${model.apiUrl}/repos/${ctx.repo.fullName}/git/blobs/${sha}` });
      }
      const trees: Json[] = [...folders].map((path) => {
        const sha = createHash('sha1').update(`tree:${commit.sha}:${path}`).digest('hex');
        return { path, mode: '040000', type: 'tree', sha, url: `${model.apiUrl}/repos/${ctx.repo.fullName}/git/trees/${sha}` };
      });
      const tree = [...trees, ...blobs].sort((a, b) => (String(a.path) < String(b.path) ? -1 : 1));
      return { status: 200, body: { sha: commit.tree, url: `${model.apiUrl}/repos/${ctx.repo.fullName}/git/trees/${commit.tree}`, tree, truncated: false } };
    },

    'repos/get-commit': (ctx) => {
      const sha = shaOrFail(ctx.repo, ctx.params.ref ?? '');
      const commit = ctx.repo.commits.get(sha);
      if (!commit) throw notFound();
      return { status: 200, body: model.renderCommit(ctx.repo, commit) };
    },

    'repos/get-branch': (ctx) => {
      const name = ctx.params.branch ?? '';
      const sha = ctx.repo.branches.get(name);
      const commit = sha ? ctx.repo.commits.get(sha) : undefined;
      if (!commit) throw new SimError(404, 'Branch not found');
      const api = `${model.apiUrl}/repos/${ctx.repo.fullName}/branches/${encodeURIComponent(name)}`;
      return {
        status: 200,
        body: {
          name,
          commit: model.renderCommit(ctx.repo, commit),
          _links: { self: api, html: `${model.htmlUrl}/${ctx.repo.fullName}/tree/${name}` },
          protected: false,
          protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
          protection_url: `${api}/protection`,
        },
      };
    },

    'repos/get-collaborator-permission-level': (ctx) => {
      const login = ctx.params.username ?? '';
      const user = model.users.get(login.toLowerCase());
      if (!user) throw new SimError(404, `${login} is not a user`);
      let role: Permission = ctx.repo.permissions.get(login.toLowerCase()) ?? (ctx.repo.visibility === 'public' ? 'read' : 'none');
      if (login.toLowerCase() === ctx.repo.owner.toLowerCase()) role = 'admin';
      const legacy = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
      const rank = ['none', 'read', 'triage', 'write', 'maintain', 'admin'].indexOf(role);
      return {
        status: 200,
        body: {
          permission: legacy,
          role_name: role,
          user: {
            ...model.renderUser(user.login),
            permissions: { pull: rank >= 1, triage: rank >= 2, push: rank >= 3, maintain: rank >= 4, admin: rank >= 5 },
            role_name: role,
          },
        },
      };
    },

    'checks/create': (ctx) => {
      const body = ctx.body as Json;
      const headSha = String(body.head_sha);
      if (!ctx.repo.commits.has(headSha)) throw new SimError(422, `No commit found for SHA: ${headSha}`);
      const suite = model.suiteFor(ctx.repo, headSha);
      const run: SimCheckRun = {
        id: model.nextId('check-run', 9_000_000),
        repo: ctx.repo.fullName,
        headSha,
        name: String(body.name),
        status: 'queued',
        conclusion: null,
        externalId: null,
        detailsUrl: null,
        startedAt: null,
        completedAt: null,
        output: { title: null, summary: null, text: null, annotations: [] },
        actions: [],
        suiteId: suite.id,
        appId,
      };
      applyCheckRunBody(run, body, true);
      model.checkRuns.set(run.id, run);
      return { status: 201, body: model.renderCheckRun(run) };
    },

    'checks/update': (ctx) => {
      const run = model.checkRuns.get(Number(ctx.params.check_run_id));
      if (!run || run.repo !== ctx.repo.fullName) throw notFound();
      const draft: SimCheckRun = { ...run, output: { ...run.output, annotations: [...run.output.annotations] } };
      applyCheckRunBody(draft, ctx.body as Json, false);
      Object.assign(run, draft);
      return { status: 200, body: model.renderCheckRun(run) };
    },

    'checks/get': (ctx) => {
      const run = model.checkRuns.get(Number(ctx.params.check_run_id));
      if (!run || run.repo !== ctx.repo.fullName) throw notFound();
      return { status: 200, body: model.renderCheckRun(run) };
    },

    'checks/list-annotations': (ctx) => {
      const run = model.checkRuns.get(Number(ctx.params.check_run_id));
      if (!run || run.repo !== ctx.repo.fullName) throw notFound();
      const page = paginate(ctx, run.output.annotations);
      return { status: 200, body: page.items.map((a) => model.renderAnnotation(run, a)), headers: page.headers };
    },

    'checks/list-for-ref': (ctx) => {
      const sha = shaOrFail(ctx.repo, ctx.params.ref ?? '');
      let runs = [...model.checkRuns.values()].filter((r) => r.repo === ctx.repo.fullName && r.headSha === sha);
      if (ctx.query.check_name !== undefined) runs = runs.filter((r) => r.name === ctx.query.check_name);
      if (ctx.query.status !== undefined) runs = runs.filter((r) => r.status === ctx.query.status);
      if (ctx.query.app_id !== undefined) runs = runs.filter((r) => r.appId === Number(ctx.query.app_id));
      runs.sort((a, b) => b.id - a.id);
      if ((ctx.query.filter ?? 'latest') === 'latest') {
        const seen = new Set<string>();
        runs = runs.filter((r) => (seen.has(r.name) ? false : (seen.add(r.name), true)));
      }
      const page = paginate(ctx, runs);
      return { status: 200, body: { total_count: runs.length, check_runs: page.items.map((r) => model.renderCheckRun(r)) }, headers: page.headers };
    },

    'pulls/list': (ctx) => {
      const state = (ctx.query.state as string | undefined) ?? 'open';
      let pulls = [...ctx.repo.issues.values()].filter((i) => i.pull && (state === 'all' || i.state === state));
      if (typeof ctx.query.head === 'string') {
        const [owner, ref] = ctx.query.head.includes(':') ? ctx.query.head.split(':', 2) : [ctx.repo.owner, ctx.query.head];
        pulls = pulls.filter((i) => owner?.toLowerCase() === ctx.repo.owner.toLowerCase() && i.pull?.headRef === ref);
      }
      if (typeof ctx.query.base === 'string') pulls = pulls.filter((i) => i.pull?.baseRef === ctx.query.base);
      const sort = (ctx.query.sort as string | undefined) ?? 'created';
      if (sort !== 'created' && sort !== 'updated') throw unsupported(`sort=${sort} on pulls`);
      const direction = (ctx.query.direction as 'asc' | 'desc' | undefined) ?? 'desc';
      pulls = sortBy(pulls, (i) => (sort === 'created' ? i.createdAt : i.updatedAt), direction, (i) => i.number);
      const page = paginate(ctx, pulls);
      return { status: 200, body: page.items.map((i) => model.renderPull(ctx.repo, i, false)), headers: page.headers };
    },

    'pulls/get': (ctx) => {
      const issue = ctx.repo.issues.get(Number(ctx.params.pull_number));
      if (!issue?.pull) throw notFound();
      return { status: 200, body: model.renderPull(ctx.repo, issue) };
    },

    'issues/list-for-repo': (ctx) => {
      const q = ctx.query;
      for (const name of ['mentioned', 'type', 'issue_field_values']) {
        if (q[name] !== undefined) throw unsupported(`the ${name} filter on GET /repos/{owner}/{repo}/issues`);
      }
      if (q.milestone !== undefined && q.milestone !== 'none' && q.milestone !== '*') throw unsupported('milestones');
      const state = (q.state as string | undefined) ?? 'open';
      let issues = [...ctx.repo.issues.values()].filter((i) => state === 'all' || i.state === state);
      if (q.milestone === '*') issues = [];
      if (typeof q.labels === 'string' && q.labels !== '') {
        const wanted = q.labels.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
        issues = issues.filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)));
      }
      if (typeof q.creator === 'string') issues = issues.filter((i) => i.user.toLowerCase() === (q.creator as string).toLowerCase());
      if (typeof q.assignee === 'string') {
        const a = q.assignee.toLowerCase();
        issues = issues.filter((i) => (a === 'none' ? i.assignees.length === 0 : a === '*' ? i.assignees.length > 0 : i.assignees.some((x) => x.toLowerCase() === a)));
      }
      if (typeof q.since === 'string') {
        const since = new Date(q.since).getTime();
        issues = issues.filter((i) => new Date(i.updatedAt).getTime() >= since);
      }
      const sort = (q.sort as string | undefined) ?? 'created';
      const direction = (q.direction as 'asc' | 'desc' | undefined) ?? 'desc';
      issues = sortBy(
        issues,
        (i) => (sort === 'updated' ? i.updatedAt : sort === 'comments' ? model.commentsOn(ctx.repo, i.number).length : i.createdAt),
        direction,
        (i) => i.number,
      );
      const page = paginate(ctx, issues);
      return { status: 200, body: page.items.map((i) => model.renderIssue(ctx.repo, i)), headers: page.headers };
    },

    'issues/create': (ctx) => {
      const body = ctx.body as Json;
      if (body.milestone !== undefined && body.milestone !== null) throw unsupported('milestones');
      const assignees = [...((body.assignees as string[] | undefined) ?? []), ...(typeof body.assignee === 'string' ? [body.assignee] : [])];
      const issue = model.createIssue(ctx.repo, {
        title: String(body.title),
        body: (body.body as string | null | undefined) ?? null,
        user: ctx.actor,
        labels: labelNames({ labels: body.labels }),
        assignees,
      });
      return { status: 201, body: model.renderIssue(ctx.repo, issue) };
    },

    'issues/get': (ctx) => ({ status: 200, body: model.renderIssue(ctx.repo, issueOf(ctx)) }),

    'issues/update': (ctx) => {
      const issue = issueOf(ctx);
      const body = ctx.body as Json;
      if (body.milestone !== undefined && body.milestone !== null) throw unsupported('milestones');
      const changes: Parameters<SimModel['updateIssue']>[2] = {};
      if (body.title !== undefined && body.title !== null) changes.title = String(body.title);
      if (body.body !== undefined) changes.body = body.body as string | null;
      if (body.state === 'open' || body.state === 'closed') changes.state = body.state;
      if (body.state_reason !== undefined) changes.stateReason = body.state_reason as string | null;
      if (body.labels !== undefined) changes.labels = labelNames({ labels: body.labels });
      if (body.assignees !== undefined) changes.assignees = body.assignees as string[];
      model.updateIssue(ctx.repo, issue, changes, ctx.actor);
      return { status: 200, body: model.renderIssue(ctx.repo, issue) };
    },

    'issues/list-comments': (ctx) => {
      const issue = issueOf(ctx);
      let comments = model.commentsOn(ctx.repo, issue.number).sort((a, b) => a.id - b.id);
      if (typeof ctx.query.since === 'string') {
        const since = new Date(ctx.query.since).getTime();
        comments = comments.filter((c) => new Date(c.updatedAt).getTime() >= since);
      }
      const page = paginate(ctx, comments);
      return { status: 200, body: page.items.map((c) => model.renderComment(c)), headers: page.headers };
    },

    'issues/create-comment': (ctx) => {
      const issue = issueOf(ctx);
      const comment = model.addComment(ctx.repo, issue, ctx.actor, String((ctx.body as Json).body));
      return { status: 201, body: model.renderComment(comment) };
    },

    'issues/update-comment': (ctx) => {
      const comment = model.comments.get(Number(ctx.params.comment_id));
      if (!comment || comment.repo !== ctx.repo.fullName) throw notFound();
      model.editComment(comment, String((ctx.body as Json).body));
      return { status: 200, body: model.renderComment(comment) };
    },

    'issues/add-labels': (ctx) => {
      const issue = issueOf(ctx);
      model.setIssueLabels(ctx.repo, issue, [...issue.labels, ...labelNames(ctx.body)]);
      return labelsReply(ctx, issue);
    },

    'issues/set-labels': (ctx) => {
      const issue = issueOf(ctx);
      model.setIssueLabels(ctx.repo, issue, labelNames(ctx.body));
      return labelsReply(ctx, issue);
    },

    'issues/remove-label': (ctx) => {
      const issue = issueOf(ctx);
      const name = (ctx.params.name ?? '').toLowerCase();
      if (!issue.labels.some((l) => l.toLowerCase() === name)) throw new SimError(404, 'Label does not exist');
      model.setIssueLabels(ctx.repo, issue, issue.labels.filter((l) => l.toLowerCase() !== name));
      return labelsReply(ctx, issue);
    },

    'issues/create-label': (ctx) => {
      const body = ctx.body as { name: string; color?: string; description?: string };
      if (model.label(ctx.repo, body.name, false)) {
        throw new SimError(422, 'Validation Failed', { errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
      }
      const color = (body.color ?? 'ededed').replace(/^#/, '');
      if (!/^[0-9a-fA-F]{6}$/.test(color)) throw new SimError(422, 'Validation Failed', { errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] });
      model.label(ctx.repo, body.name, true, color.toLowerCase(), body.description ?? null);
      return { status: 201, body: model.renderLabel(ctx.repo, body.name) };
    },

    'issues/get-label': (ctx) => ({ status: 200, body: model.renderLabel(ctx.repo, ctx.params.name ?? '') }),

    'teams/get-membership-for-user-in-org': (ctx) => {
      const org = ctx.params.org ?? '';
      if (ctx.auth.kind === 'grant' && ctx.auth.grant.installationId !== undefined) {
        const installation = model.installations.get(ctx.auth.grant.installationId);
        if (installation?.account.toLowerCase() !== org.toLowerCase()) throw notFound();
      }
      const team = model.team(org, ctx.params.team_slug ?? '', false);
      const login = ctx.params.username ?? '';
      const member = team?.members.get(login.toLowerCase());
      if (!team || !member) throw notFound();
      return { status: 200, body: model.renderTeamMembership(team, model.user(login).login, member) };
    },
  };

  // ---- the server -------------------------------------------------------------------------------

  let baseUrl = '';

  const send = (res: ServerResponse, entry: RequestLog, reply: Reply, headers: Record<string, string>): void => {
    entry.status = reply.status;
    if (closed || res.destroyed) return;
    const all: Record<string, string> = {
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': `SIM:${entry.seq.toString(16).toUpperCase().padStart(8, '0')}`,
      ...headers,
      ...reply.headers,
    };
    if (reply.text !== undefined) {
      res.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8', ...all });
      res.end(reply.text);
      return;
    }
    if (reply.body === undefined) {
      res.writeHead(reply.status, all);
      res.end();
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...all });
    res.end(JSON.stringify(reply.body));
  };

  const errorReply = (error: SimError): Reply => ({
    status: error.status,
    body: { message: error.message, documentation_url: DOCS, status: String(error.status), ...Object.fromEntries(Object.entries(error.extra).filter(([k]) => k !== 'unsupported')) },
  });

  const rateHeaders = (key: string | undefined): { headers: Record<string, string>; exceeded: boolean } => {
    if (!key) return { headers: {}, exceeded: false };
    const limit = options.rateLimit ?? 5000;
    const window = Math.floor(model.now().getTime() / 3_600_000);
    let record = usage.get(key);
    if (!record || record.window !== window) {
      record = { window, used: 0 };
      usage.set(key, record);
    }
    const exceeded = options.rateLimit !== undefined && record.used >= limit;
    if (!exceeded) record.used += 1;
    return {
      exceeded,
      headers: {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - record.used)),
        'x-ratelimit-reset': String((window + 1) * 3600),
        'x-ratelimit-used': String(record.used),
        'x-ratelimit-resource': 'core',
      },
    };
  };

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  type Fault = { kind: 'server-error'; status: number } | { kind: 'secondary-rate-limit' } | { kind: 'slow'; ms: number };

  // Three draws per eligible request, whatever happens, so a seed gives the same faults for the same requests.
  const chooseFault = (request: { method: string; path: string; operationId: string }): Fault | undefined => {
    if (!faults) return undefined;
    const { spec, next } = faults;
    if (spec.limit !== undefined && faults.injected >= spec.limit) return undefined;
    if (spec.only && !spec.only(request)) return undefined;
    const roll = next();
    const slowRoll = next();
    const pick = next();
    const rate5xx = spec.rate5xx ?? 0;
    let fault: Fault | undefined;
    if (roll < rate5xx) fault = { kind: 'server-error', status: [500, 502, 503][Math.floor(pick * 3)] ?? 502 };
    else if (roll < rate5xx + (spec.rateSecondaryLimit ?? 0)) fault = { kind: 'secondary-rate-limit' };
    else if (slowRoll < (spec.slowRate ?? 0) && (spec.slowMs ?? 0) > 0) fault = { kind: 'slow', ms: spec.slowMs ?? 0 };
    if (fault) faults.injected += 1;
    return fault;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> => {
    const self = new URL(req.url ?? '/', baseUrl);
    const prefix = self.pathname.startsWith('/api/v3/') ? '/api/v3' : '';
    const path = self.pathname.slice(prefix.length);
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: RequestLog = {
      seq: requests.length + 1,
      method,
      path,
      query: Object.fromEntries(self.searchParams),
      body: undefined,
      status: 0,
      at: model.stamp(),
    };
    requests.push(entry);
    const refuse = (status: number, message: string, errors: string[]): void => {
      entry.errors = errors;
      rejected.push(entry);
      send(res, entry, { status, body: { message, errors, documentation_url: DOCS, status: String(status) } }, {});
    };

    let body: unknown;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        refuse(400, 'Problems parsing JSON', [`the request body is not JSON: ${raw.slice(0, 80)}`]);
        return;
      }
    }
    entry.body = body;
    if (method === 'POST' && (path === '/graphql' || self.pathname === '/api/graphql')) {
      entry.operationId = 'graphql';
      try {
        const auth = authenticate(req.headers, 'graphql');
        const canRead = (repo: SimRepo): boolean => {
          try {
            authorise({ operationId: 'repos/get-content', params: { owner: repo.owner, repo: repo.name }, auth, repo }, 'GET');
            return true;
          } catch {
            return false;
          }
        };
        send(res, entry, handleGraphQL(body, { model, canRead }), {});
      } catch (error) {
        if (!(error instanceof SimError)) throw error;
        send(res, entry, errorReply(error), {});
      }
      return;
    }
    const checked = validator({ method, path: `${path}${self.search}`, body });
    if (!checked.ok) {
      refuse(422, `Invalid request.\n\n${checked.errors.join('\n')}`, checked.errors);
      return;
    }
    entry.operationId = checked.operationId;

    let rate: { headers: Record<string, string>; exceeded: boolean } = { headers: {}, exceeded: false };
    try {
      const auth = authenticate(req.headers, checked.operationId);
      entry.actor = auth.kind === 'app' ? 'app' : auth.grant.installationId !== undefined ? String(auth.grant.installationId) : auth.grant.login;
      rate = rateHeaders(auth.kind === 'app' ? 'app' : auth.grant.installationId !== undefined ? `installation:${auth.grant.installationId}` : `token:${auth.grant.token}`);
      if (rate.exceeded) {
        const who = auth.kind === 'grant' && auth.grant.installationId !== undefined ? `installation ID ${auth.grant.installationId}` : 'this token';
        throw new SimError(403, `API rate limit exceeded for ${who}.`);
      }

      const fault = chooseFault({ method, path, operationId: checked.operationId });
      if (fault) entry.fault = fault.kind;
      if (fault?.kind === 'server-error') {
        const status = fault.status;
        send(res, entry, { status, body: { message: status === 500 ? 'Server Error' : status === 502 ? 'Bad Gateway' : 'Service Unavailable' } }, rate.headers);
        return;
      }
      if (fault?.kind === 'secondary-rate-limit') {
        const id = `SIM:${entry.seq.toString(16).toUpperCase().padStart(8, '0')}`;
        send(
          res,
          entry,
          {
            status: 403,
            body: { message: `${SECONDARY_LIMIT_MESSAGE}${id}.`, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits', status: '403' },
            headers: { 'retry-after': '1' },
          },
          rate.headers,
        );
        return;
      }
      if (fault?.kind === 'slow') {
        await delay(fault.ms);
        if (closed) return;
      }

      let repo: SimRepo | undefined;
      if (checked.params.owner !== undefined && checked.params.repo !== undefined) {
        repo = model.findRepo(checked.params.owner, checked.params.repo);
        if (!repo) throw notFound();
      }
      const ctx: Ctx = {
        operationId: checked.operationId,
        params: checked.params,
        query: checked.query,
        body,
        headers: req.headers,
        auth,
        actor: auth.kind === 'grant' ? auth.grant.login : botLogin,
        repo: repo as SimRepo,
        self,
        prefix,
      };
      authorise(ctx, method);
      const handler = handlers[checked.operationId];
      if (!handler) throw unsupported(`${checked.operationId}`);
      // URLs in the response follow the address the client used (GitHub Enterprise clients add /api/v3).
      model.apiUrl = `${baseUrl}${prefix}`;
      let reply: Reply;
      try {
        reply = handler(ctx);
      } finally {
        model.apiUrl = baseUrl;
      }
      if (checkResponses && reply.body !== undefined) {
        const problems = validator.validateResponse(checked.operationId, reply.status, reply.body);
        if (problems.length > 0) entry.responseErrors = problems;
      }
      send(res, entry, reply, rate.headers);
    } catch (error) {
      if (error instanceof SimError) {
        if (error.extra.unsupported) {
          entry.errors = [error.message];
          rejected.push(entry);
        }
        send(res, entry, errorReply(error), rate.headers);
        return;
      }
      entry.errors = [error instanceof Error ? (error.stack ?? error.message) : String(error)];
      rejected.push(entry);
      send(res, entry, { status: 500, body: { message: `GitHub simulation error: ${error instanceof Error ? error.message : String(error)}` } }, rate.headers);
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  // Clients keep connections alive; close() ends them so nothing holds the process open.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  model.apiUrl = baseUrl;

  // ---- the seeding and inspection API -----------------------------------------------------------

  const repoOf = (name: string): SimRepo => model.repo(name);
  const issueIn = (repo: string, number: number): SimIssue => {
    const found = repoOf(repo).issues.get(number);
    if (!found) throw new Error(`${repo} has no issue or pull request #${number}`);
    return found;
  };
  const pullIn = (repo: string, number: number): SimIssue => {
    const issue = issueIn(repo, number);
    if (!issue.pull) throw new Error(`${repo}#${number} is an issue, not a pull request`);
    return issue;
  };

  const sim: GitHubSim = {
    url: baseUrl,
    server,
    state: model,
    clock: { now: () => model.now() },
    botLogin,
    appId,
    requests,
    rejected,

    close: async () => {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    now: () => model.now(),
    setNow: (date) => model.setNow(date),
    advance: (ms) => model.setNow(new Date(model.now().getTime() + ms)),
    injectFaults: (spec) => {
      faults = spec ? { spec, next: seededRandom(spec.seed), injected: 0 } : undefined;
    },

    addUser: (login, o = {}) => {
      model.user(login, o.type, o.name);
    },
    addRepo: (o) => {
      const repo = model.addRepo(o);
      if ((o.install ?? true) && !model.installationFor(o.owner)) model.addInstallation({ account: o.owner });
      return repo;
    },
    addFile: (repo, ref, path, text) => model.commit(repoOf(repo), ref, { [path]: text }, { message: `Add ${path}` }),
    pushCommit: (repo, branch, files, o = {}) => model.commit(repoOf(repo), branch, files, o),
    branchSha: (repo, branch) => {
      const r = repoOf(repo);
      const sha = r.branches.get(branch ?? r.defaultBranch);
      if (!sha) throw new Error(`${repo} has no branch ${branch ?? r.defaultBranch}`);
      return sha;
    },
    filesAt: (repo, ref) => {
      const r = repoOf(repo);
      const commit = r.commits.get(model.resolveRef(r, ref) ?? '');
      if (!commit) throw new Error(`${repo} has no commit ${ref ?? r.defaultBranch}`);
      return Object.fromEntries(commit.files);
    },
    openPullRequest: (o) => {
      const repo = repoOf(o.repo);
      const base = o.base ?? repo.defaultBranch;
      const baseSha = repo.branches.get(base);
      if (!baseSha) throw new Error(`${o.repo} has no branch ${base}`);
      if (!repo.branches.has(o.head)) repo.branches.set(o.head, baseSha);
      if (o.files) model.commit(repo, o.head, o.files, { author: o.author, message: o.title ?? `Changes on ${o.head}` });
      const headSha = repo.branches.get(o.head) as string;
      const issue = model.createIssue(repo, {
        title: o.title ?? `Changes on ${o.head}`,
        body: o.body ?? null,
        user: o.author,
        pull: { headRef: o.head, headSha, previousHeadSha: null, baseRef: base, baseSha, draft: o.draft ?? false, merged: false, mergedAt: null, mergedBy: null, mergeCommitSha: null },
      });
      return model.renderPull(repo, issue);
    },
    mergePullRequest: (repoName, number, o = {}) => {
      const repo = repoOf(repoName);
      const issue = pullIn(repoName, number);
      const pull = issue.pull as NonNullable<SimIssue['pull']>;
      if (issue.state !== 'open') throw new Error(`${repoName}#${number} is not open`);
      const head = repo.commits.get(pull.headSha);
      const base = repo.commits.get(repo.branches.get(pull.baseRef) ?? '');
      const changes: Record<string, string | null> = {};
      for (const [path, text] of head?.files ?? []) if (base?.files.get(path) !== text) changes[path] = text;
      for (const path of base?.files.keys() ?? []) if (!head?.files.has(path)) changes[path] = null;
      const by = o.by ?? repo.owner;
      const baseBefore = repo.branches.get(pull.baseRef) ?? pull.baseSha;
      const mergeSha = model.commit(repo, pull.baseRef, changes, { message: `Merge pull request #${number} from ${repo.owner}/${pull.headRef}`, author: by });
      const merge = repo.commits.get(mergeSha);
      if (merge) merge.parents = [baseBefore, pull.headSha];
      model.updateIssue(repo, issue, { state: 'closed' }, by);
      pull.baseSha = baseBefore;
      pull.merged = true;
      pull.mergedAt = model.stamp();
      pull.mergedBy = by;
      pull.mergeCommitSha = mergeSha;
      repo.contributors.add(issue.user.toLowerCase());
      return model.renderPull(repo, issue);
    },
    closePullRequest: (repoName, number, o = {}) => {
      const repo = repoOf(repoName);
      const issue = pullIn(repoName, number);
      model.updateIssue(repo, issue, { state: 'closed', stateReason: null }, o.by ?? issue.user);
      return model.renderPull(repo, issue);
    },
    addIssue: (o) => {
      const repo = repoOf(o.repo);
      const issue = model.createIssue(repo, { title: o.title, body: o.body ?? null, user: o.author, labels: o.labels ?? [] });
      return model.renderIssue(repo, issue);
    },
    addIssueComment: (o) => {
      const repo = repoOf(o.repo);
      const comment = model.addComment(repo, issueIn(o.repo, o.number), o.author, o.body, o.authorAssociation);
      return model.renderComment(comment);
    },
    editIssueComment: (commentId, body) => {
      const comment = model.comments.get(commentId);
      if (!comment) throw new Error(`No comment ${commentId}`);
      const from = comment.body;
      model.editComment(comment, body);
      return { comment: model.renderComment(comment), changes: { body: { from } } };
    },
    editIssue: (repoName, number, changes, by) => {
      const repo = repoOf(repoName);
      const issue = issueIn(repoName, number);
      model.user(by);
      const previous = issue.lastChanges;
      model.updateIssue(repo, issue, changes, by);
      const edited = issue.lastChanges !== previous ? (issue.lastChanges ?? {}) : {};
      return { issue: model.renderIssue(repo, issue), changes: edited };
    },
    labelIssue: (repoName, number, name) => {
      const repo = repoOf(repoName);
      const issue = issueIn(repoName, number);
      model.setIssueLabels(repo, issue, [...issue.labels, name]);
      return model.renderLabel(repo, name);
    },
    unlabelIssue: (repoName, number, name) => {
      const repo = repoOf(repoName);
      const issue = issueIn(repoName, number);
      const label = model.renderLabel(repo, name);
      model.setIssueLabels(repo, issue, issue.labels.filter((l) => l.toLowerCase() !== name.toLowerCase()));
      return label;
    },
    addLabel: (repoName, name, o = {}) => {
      model.label(repoOf(repoName), name, true, (o.color ?? 'ededed').replace(/^#/, ''), o.description ?? null);
    },
    addTeamMember: (org, teamSlug, login, state = 'active', role = 'member') => {
      const team = model.team(org, teamSlug) as NonNullable<ReturnType<SimModel['team']>>;
      model.user(login);
      team.members.set(login.toLowerCase(), { state, role });
    },
    setPermission: (repoName, login, permission) => {
      model.user(login);
      repoOf(repoName).permissions.set(login.toLowerCase(), permission);
    },
    addInstallation: (o) => model.addInstallation(o).id,
    installationId: (account) => {
      const installation = model.installationFor(account);
      if (!installation) throw new Error(`The App is not installed on ${account}`);
      return installation.id;
    },
    createInstallationToken: (which) => {
      const installation = typeof which === 'number' ? model.installations.get(which) : model.installationFor(which);
      if (!installation) throw new Error(`No installation ${String(which)}`);
      return issueToken(installation).token;
    },

    issue: (repo, number) => issueIn(repo, number),
    issues: (repo) => [...repoOf(repo).issues.values()].filter((i) => !i.pull),
    comments: (repo, number) => model.commentsOn(repoOf(repo), number).sort((a, b) => a.id - b.id),
    checkRuns: (repo, headSha) => [...model.checkRuns.values()].filter((r) => r.repo === repoOf(repo).fullName && (headSha === undefined || r.headSha === headSha)).sort((a, b) => a.id - b.id),
  };
  return sim;
}

let validatorCache: RequestValidator | undefined;

function sharedValidator(): RequestValidator {
  validatorCache ??= createRequestValidator();
  return validatorCache;
}
