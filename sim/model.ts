// The in-memory GitHub's state: repositories, commits, issues and pull requests, comments, labels, check runs,
// teams and installations, and the changes GitHub makes to them (how GitHub renders them is in render.ts).
import { createHash } from 'node:crypto';
import type { RestEndpointMethodTypes } from '@octokit/plugin-rest-endpoint-methods';
import { notFound } from './errors.js';

export type Visibility = 'public' | 'private' | 'internal';
export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';
export type AuthorAssociation = 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'FIRST_TIME_CONTRIBUTOR' | 'FIRST_TIMER' | 'NONE';

export interface SimUser {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
  name: string | null;
}

export interface SimCommit {
  sha: string;
  tree: string;
  message: string;
  parents: string[];
  /** The whole tree at this commit: path -> text. */
  files: Map<string, string>;
  author: string;
  date: string;
}

export interface SimLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface SimPull {
  headRef: string;
  headSha: string;
  /** The head before the latest push (a synchronize event's `before`). */
  previousHeadSha: string | null;
  baseRef: string;
  /** The base branch's head when the pull request closed; while open, the branch's current head is used. */
  baseSha: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
}

export interface SimIssue {
  repo: string;
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: 'open' | 'closed';
  stateReason: string | null;
  /** Label names as the repository spells them. */
  labels: string[];
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  locked: boolean;
  /** What the latest title/body edit changed, as an issues.edited event's `changes`. */
  lastChanges?: Record<string, { from: string }>;
  /** Who last edited the body, and when (GraphQL's `editor` and `lastEditedAt`); unset until someone does. */
  bodyEditor?: string;
  bodyEditedAt?: string;
  /** Present when the issue is a pull request (they share numbers, comments and labels, as on GitHub). */
  pull?: SimPull;
}

export interface SimComment {
  id: number;
  repo: string;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  authorAssociation?: AuthorAssociation;
  /** The body before the latest edit (an issue_comment.edited event's changes.body.from). */
  previousBody?: string;
}

/** An annotation as the Checks API takes it and stores it (GitHub's own description of the request). */
export type SimAnnotation = NonNullable<NonNullable<RestEndpointMethodTypes['checks']['create']['parameters']['output']>['annotations']>[number];

export interface SimCheckAction {
  label: string;
  description: string;
  identifier: string;
}

export interface SimCheckRun {
  id: number;
  repo: string;
  headSha: string;
  name: string;
  status: string;
  conclusion: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  startedAt: string | null;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations: SimAnnotation[] };
  actions: SimCheckAction[];
  suiteId: number;
  appId: number;
}

export interface SimCheckSuite {
  id: number;
  repo: string;
  headSha: string;
  headBranch: string | null;
  appId: number;
  createdAt: string;
}

export interface SimTeamMember {
  state: 'active' | 'pending';
  role: 'member' | 'maintainer';
}

export interface SimTeam {
  id: number;
  org: string;
  slug: string;
  name: string;
  members: Map<string, SimTeamMember>;
}

export interface SimInstallation {
  id: number;
  account: string;
  /** 'all', or the full names of the selected repositories. */
  repositories: 'all' | string[];
  permissions: Record<string, 'read' | 'write' | 'admin'>;
  events: string[];
  createdAt: string;
}

export interface SimRepo {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  visibility: Visibility;
  description: string | null;
  /** GitHub's topics (lower case). */
  topics: string[];
  createdAt: string;
  pushedAt: string;
  /** Branch name -> head commit SHA. */
  branches: Map<string, string>;
  commits: Map<string, SimCommit>;
  /** Lower-cased name -> label. */
  labels: Map<string, SimLabel>;
  issues: Map<number, SimIssue>;
  /** Lower-cased login -> permission granted on this repository. */
  permissions: Map<string, Permission>;
  /** Lower-cased logins whose pull requests have merged here. */
  contributors: Set<string>;
  nextNumber: number;
}

export interface SimApp {
  id: number;
  slug: string;
  name: string;
  owner: string;
  botLogin: string;
  /** The App's client ID (JWTs may name it as issuer instead of the App's id). */
  clientId: string;
  permissions: Record<string, 'read' | 'write' | 'admin'>;
  events: string[];
  createdAt: string;
}

/** The permissions and events assure's app.yml asks for; installations get them unless told otherwise. */
export const DEFAULT_PERMISSIONS: Record<string, 'read' | 'write'> = {
  checks: 'write',
  contents: 'read',
  issues: 'write',
  members: 'read',
  metadata: 'read',
  pull_requests: 'read',
};
export const DEFAULT_EVENTS = ['check_run', 'check_suite', 'issue_comment', 'issues', 'pull_request'];

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Git's blob id for a file's text, as the contents API reports it. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export interface ModelOptions {
  now: Date;
  app: { id: number; slug: string; name: string; owner: string; botLogin: string };
}

export class SimModel {
  readonly users = new Map<string, SimUser>();
  readonly repos = new Map<string, SimRepo>();
  readonly comments = new Map<number, SimComment>();
  /** `owner/repo#number` -> its comments in creation order, so rendering a page of issues stays cheap. */
  private readonly commentIndex = new Map<string, SimComment[]>();
  readonly checkRuns = new Map<number, SimCheckRun>();
  readonly checkSuites = new Map<number, SimCheckSuite>();
  readonly teams = new Map<string, SimTeam>();
  readonly installations = new Map<number, SimInstallation>();
  readonly app: SimApp;
  private current: Date;
  private ids = new Map<string, number>();
  private commitCount = 0;

  constructor(options: ModelOptions) {
    this.current = new Date(options.now.getTime());
    const created = this.stamp();
    this.app = {
      ...options.app,
      clientId: `Iv1.${createHash('sha1').update(String(options.app.id)).digest('hex').slice(0, 16)}`,
      permissions: { ...DEFAULT_PERMISSIONS },
      events: [...DEFAULT_EVENTS],
      createdAt: created,
    };
    this.user(options.app.owner, 'Organization');
    this.user(options.app.botLogin, 'Bot');
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  setNow(date: Date | string): void {
    const next = typeof date === 'string' ? new Date(date) : date;
    if (Number.isNaN(next.getTime())) throw new RangeError(`setNow: "${String(date)}" is not a date`);
    this.current = new Date(next.getTime());
  }

  stamp(): string {
    return isoSeconds(this.current);
  }

  nextId(kind: string, start: number): number {
    const id = (this.ids.get(kind) ?? start) + 1;
    this.ids.set(kind, id);
    return id;
  }

  // ---- users, repositories, commits -------------------------------------------------------------

  user(login: string, type?: SimUser['type'], name?: string): SimUser {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (!user) {
      user = {
        login,
        id: this.nextId('user', 10_000),
        type: type ?? (login.endsWith('[bot]') ? 'Bot' : 'User'),
        name: name ?? null,
      };
      this.users.set(key, user);
    } else if (type && user.type !== type) {
      user.type = type;
    }
    return user;
  }

  repo(fullName: string): SimRepo {
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) throw new Error(`The simulation has no repository ${fullName} (add it with sim.addRepo)`);
    return repo;
  }

  findRepo(owner: string, name: string): SimRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  addRepo(options: { owner: string; name: string; defaultBranch?: string; visibility?: Visibility; description?: string; topics?: string[]; ownerType?: 'Organization' | 'User'; files?: Record<string, string> }): SimRepo {
    const fullName = `${options.owner}/${options.name}`;
    if (this.repos.has(fullName.toLowerCase())) throw new Error(`The simulation already has ${fullName}`);
    this.user(options.owner, options.ownerType ?? 'Organization');
    const repo: SimRepo = {
      id: this.nextId('repo', 700_000),
      owner: options.owner,
      name: options.name,
      fullName,
      defaultBranch: options.defaultBranch ?? 'main',
      visibility: options.visibility ?? 'public',
      description: options.description ?? null,
      topics: (options.topics ?? []).map((t) => t.toLowerCase()),
      createdAt: this.stamp(),
      pushedAt: this.stamp(),
      branches: new Map(),
      commits: new Map(),
      labels: new Map(),
      issues: new Map(),
      permissions: new Map(),
      contributors: new Set(),
      nextNumber: 1,
    };
    this.repos.set(fullName.toLowerCase(), repo);
    this.commit(repo, repo.defaultBranch, options.files ?? {}, { message: 'Initial commit', author: options.owner });
    return repo;
  }

  /** A new commit on `branch` (created from the default branch if new); null deletes a file. */
  commit(repo: SimRepo, branch: string, changes: Record<string, string | null>, options: { message?: string; author?: string } = {}): string {
    const parentSha = repo.branches.get(branch) ?? repo.branches.get(repo.defaultBranch);
    const parent = parentSha ? repo.commits.get(parentSha) : undefined;
    const files = new Map(parent?.files ?? []);
    for (const [path, text] of Object.entries(changes)) {
      const clean = path.replace(/^\/+/, '');
      if (text === null) files.delete(clean);
      else files.set(clean, text);
    }
    const sorted = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const tree = sha1(`tree\0${sorted.map(([p, t]) => `${p}\0${blobSha(t)}`).join('\0')}`);
    this.commitCount += 1;
    const message = options.message ?? `Update ${Object.keys(changes).join(', ') || branch}`;
    const sha = sha1(`commit\0${repo.fullName}\0${parentSha ?? ''}\0${tree}\0${message}\0${this.commitCount}`);
    const author = options.author ?? repo.owner;
    this.user(author);
    repo.commits.set(sha, { sha, tree, message, parents: parentSha ? [parentSha] : [], files, author, date: this.stamp() });
    repo.branches.set(branch, sha);
    repo.pushedAt = this.stamp();
    for (const issue of repo.issues.values()) {
      if (issue.pull && issue.state === 'open' && issue.pull.headRef === branch) {
        issue.pull.previousHeadSha = issue.pull.headSha;
        issue.pull.headSha = sha;
        issue.updatedAt = this.stamp();
      }
    }
    return sha;
  }

  /** A branch, a full SHA, a SHA prefix of 7+ characters or refs/heads/<branch>, as a commit SHA. */
  resolveRef(repo: SimRepo, ref: string | undefined): string | undefined {
    const name = ref ?? repo.defaultBranch;
    const branch = repo.branches.get(name.replace(/^refs\/heads\//, ''));
    if (branch) return branch;
    if (repo.commits.has(name)) return name;
    if (/^[0-9a-f]{7,39}$/.test(name)) {
      const matches = [...repo.commits.keys()].filter((sha) => sha.startsWith(name));
      if (matches.length === 1) return matches[0];
    }
    return undefined;
  }

  // ---- labels, issues, pull requests, comments ---------------------------------------------------

  label(repo: SimRepo, name: string, create = true, color = 'ededed', description: string | null = null): SimLabel | undefined {
    const key = name.toLowerCase();
    let label = repo.labels.get(key);
    if (!label && create) {
      label = { id: this.nextId('label', 3_000_000), name, color, description, default: false };
      repo.labels.set(key, label);
    }
    return label;
  }

  setIssueLabels(repo: SimRepo, issue: SimIssue, names: string[]): void {
    const next: string[] = [];
    for (const name of names) {
      const label = this.label(repo, name);
      if (label && !next.some((n) => n.toLowerCase() === label.name.toLowerCase())) next.push(label.name);
    }
    issue.labels = next;
    issue.updatedAt = this.stamp();
  }

  issue(repo: SimRepo, number: number): SimIssue {
    const issue = repo.issues.get(number);
    if (!issue) throw notFound();
    return issue;
  }

  createIssue(repo: SimRepo, options: { title: string; body?: string | null; user: string; labels?: string[]; assignees?: string[]; pull?: SimPull }): SimIssue {
    this.user(options.user);
    const number = repo.nextNumber++;
    const issue: SimIssue = {
      repo: repo.fullName,
      id: this.nextId('issue', 1_000_000),
      number,
      title: options.title,
      body: options.body ?? null,
      user: options.user,
      state: 'open',
      stateReason: null,
      labels: [],
      assignees: options.assignees ?? [],
      createdAt: this.stamp(),
      updatedAt: this.stamp(),
      closedAt: null,
      closedBy: null,
      locked: false,
    };
    if (options.pull) issue.pull = options.pull;
    repo.issues.set(number, issue);
    this.setIssueLabels(repo, issue, options.labels ?? []);
    return issue;
  }

  updateIssue(repo: SimRepo, issue: SimIssue, changes: { title?: string; body?: string | null; state?: 'open' | 'closed'; stateReason?: string | null; labels?: string[]; assignees?: string[] }, by: string): void {
    const edited: Record<string, { from: string }> = {};
    if (changes.title !== undefined && changes.title !== issue.title) edited.title = { from: issue.title };
    if (changes.body !== undefined && changes.body !== issue.body) edited.body = { from: issue.body ?? '' };
    if (Object.keys(edited).length > 0) issue.lastChanges = edited;
    if (changes.title !== undefined) issue.title = changes.title;
    if (changes.body !== undefined && changes.body !== issue.body) {
      issue.bodyEditor = by;
      issue.bodyEditedAt = this.stamp();
    }
    if (changes.body !== undefined) issue.body = changes.body;
    if (changes.assignees !== undefined) issue.assignees = changes.assignees;
    if (changes.labels !== undefined) this.setIssueLabels(repo, issue, changes.labels);
    if (changes.state && changes.state !== issue.state) {
      issue.state = changes.state;
      if (changes.state === 'closed') {
        issue.closedAt = this.stamp();
        issue.closedBy = by;
        issue.stateReason = changes.stateReason ?? 'completed';
        if (issue.pull) issue.pull.baseSha = repo.branches.get(issue.pull.baseRef) ?? issue.pull.baseSha;
      } else {
        issue.closedAt = null;
        issue.closedBy = null;
        issue.stateReason = 'reopened';
      }
    } else if (changes.stateReason !== undefined) {
      issue.stateReason = changes.stateReason;
    }
    issue.updatedAt = this.stamp();
  }

  addComment(repo: SimRepo, issue: SimIssue, user: string, body: string, authorAssociation?: AuthorAssociation): SimComment {
    this.user(user);
    const comment: SimComment = {
      id: this.nextId('comment', 5_000_000),
      repo: repo.fullName,
      issueNumber: issue.number,
      user,
      body,
      createdAt: this.stamp(),
      updatedAt: this.stamp(),
    };
    if (authorAssociation) comment.authorAssociation = authorAssociation;
    this.comments.set(comment.id, comment);
    const key = `${repo.fullName}#${issue.number}`;
    const list = this.commentIndex.get(key);
    if (list) list.push(comment);
    else this.commentIndex.set(key, [comment]);
    issue.updatedAt = this.stamp();
    return comment;
  }

  editComment(comment: SimComment, body: string): void {
    comment.previousBody = comment.body;
    comment.body = body;
    comment.updatedAt = this.stamp();
  }

  commentsOn(repo: SimRepo, number: number): SimComment[] {
    return [...(this.commentIndex.get(`${repo.fullName}#${number}`) ?? [])];
  }

  /** GitHub's author_association: it reflects ownership, collaborator access and contributions, not team membership. */
  association(repo: SimRepo, login: string): AuthorAssociation {
    if (login.toLowerCase() === repo.owner.toLowerCase()) return 'OWNER';
    const permission = repo.permissions.get(login.toLowerCase());
    if (permission && permission !== 'none' && permission !== 'read') return 'COLLABORATOR';
    return repo.contributors.has(login.toLowerCase()) ? 'CONTRIBUTOR' : 'NONE';
  }

  // ---- checks ------------------------------------------------------------------------------------

  suiteFor(repo: SimRepo, headSha: string): SimCheckSuite {
    for (const suite of this.checkSuites.values()) {
      if (suite.repo === repo.fullName && suite.headSha === headSha && suite.appId === this.app.id) return suite;
    }
    const headBranch = [...repo.branches.entries()].find(([, sha]) => sha === headSha)?.[0] ?? null;
    const suite: SimCheckSuite = { id: this.nextId('suite', 8_000_000), repo: repo.fullName, headSha, headBranch, appId: this.app.id, createdAt: this.stamp() };
    this.checkSuites.set(suite.id, suite);
    return suite;
  }

  // ---- teams and installations -------------------------------------------------------------------

  team(org: string, slug: string, create = true): SimTeam | undefined {
    const key = `${org}/${slug}`.toLowerCase();
    let team = this.teams.get(key);
    if (!team && create) {
      this.user(org, 'Organization');
      team = { id: this.nextId('team', 40_000), org, slug, name: slug, members: new Map() };
      this.teams.set(key, team);
    }
    return team;
  }

  installationFor(account: string): SimInstallation | undefined {
    for (const installation of this.installations.values()) {
      if (installation.account.toLowerCase() === account.toLowerCase()) return installation;
    }
    return undefined;
  }

  addInstallation(options: { account: string; id?: number; repositories?: 'all' | string[]; permissions?: Record<string, 'read' | 'write' | 'admin'>; events?: string[] }): SimInstallation {
    if (this.installationFor(options.account)) throw new Error(`The App is already installed on ${options.account}`);
    this.user(options.account, this.users.get(options.account.toLowerCase())?.type ?? 'Organization');
    const installation: SimInstallation = {
      id: options.id ?? this.nextId('installation', 100),
      account: options.account,
      repositories: options.repositories ?? 'all',
      permissions: { ...(options.permissions ?? this.app.permissions) },
      events: [...(options.events ?? this.app.events)],
      createdAt: this.stamp(),
    };
    if (this.installations.has(installation.id)) throw new Error(`Installation ${installation.id} already exists`);
    this.installations.set(installation.id, installation);
    return installation;
  }

  /** The open pull requests whose head is this commit. */
  pullsForSha(repo: SimRepo, sha: string): SimIssue[] {
    return [...repo.issues.values()].filter((i) => i.pull && i.state === 'open' && i.pull.headSha === sha);
  }
}
