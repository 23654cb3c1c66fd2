// The in-memory GitHub: repositories, commits, issues and pull requests, comments, labels, check runs,
// teams and installations, and how GitHub renders each of them in REST responses and webhook payloads.
import { createHash } from 'node:crypto';

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

export interface SimAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

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

function nodeId(kind: string, id: number): string {
  return `${kind}_${Buffer.from(`${kind}:${id}`).toString('base64url')}`;
}

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (): SimError => new SimError(404, 'Not Found');

export interface ModelOptions {
  now: Date;
  app: { id: number; slug: string; name: string; owner: string; botLogin: string };
  htmlUrl: string;
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
  /** The API root used in rendered `url` fields (the simulation's address, plus /api/v3 when asked that way). */
  apiUrl = 'http://127.0.0.1';
  readonly htmlUrl: string;
  private current: Date;
  private ids = new Map<string, number>();
  private commitCount = 0;

  constructor(options: ModelOptions) {
    this.current = new Date(options.now.getTime());
    this.htmlUrl = options.htmlUrl.replace(/\/$/, '');
    const created = this.stamp();
    this.app = {
      ...options.app,
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

  addRepo(options: { owner: string; name: string; defaultBranch?: string; visibility?: Visibility; description?: string; ownerType?: 'Organization' | 'User'; files?: Record<string, string> }): SimRepo {
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

  // ---- rendering (REST shapes; webhook payloads reuse them) --------------------------------------

  private api(path: string): string {
    return `${this.apiUrl}${path}`;
  }

  private html(path: string): string {
    return `${this.htmlUrl}${path}`;
  }

  renderUser(login: string): Record<string, unknown> {
    const user = this.user(login);
    const api = this.api(`/users/${encodeURIComponent(user.login)}`);
    return {
      login: user.login,
      id: user.id,
      node_id: nodeId(user.type === 'Organization' ? 'O' : user.type === 'Bot' ? 'BOT' : 'U', user.id),
      avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
      gravatar_id: '',
      url: api,
      html_url: user.type === 'Bot' ? this.html(`/apps/${user.login.replace(/\[bot\]$/, '')}`) : this.html(`/${user.login}`),
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: user.type,
      user_view_type: 'public',
      site_admin: false,
    };
  }

  renderRepo(repo: SimRepo, full = false): Record<string, unknown> {
    const api = this.api(`/repos/${repo.fullName}`);
    const openIssues = [...repo.issues.values()].filter((i) => i.state === 'open').length;
    const out: Record<string, unknown> = {
      id: repo.id,
      node_id: nodeId('R', repo.id),
      name: repo.name,
      full_name: repo.fullName,
      private: repo.visibility !== 'public',
      owner: this.renderUser(repo.owner),
      html_url: this.html(`/${repo.fullName}`),
      description: repo.description,
      fork: false,
      url: api,
      archive_url: `${api}/{archive_format}{/ref}`,
      assignees_url: `${api}/assignees{/user}`,
      blobs_url: `${api}/git/blobs{/sha}`,
      branches_url: `${api}/branches{/branch}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      comments_url: `${api}/comments{/number}`,
      commits_url: `${api}/commits{/sha}`,
      compare_url: `${api}/compare/{base}...{head}`,
      contents_url: `${api}/contents/{+path}`,
      contributors_url: `${api}/contributors`,
      deployments_url: `${api}/deployments`,
      downloads_url: `${api}/downloads`,
      events_url: `${api}/events`,
      forks_url: `${api}/forks`,
      git_commits_url: `${api}/git/commits{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      git_url: `git://${this.htmlUrl.replace(/^https?:\/\//, '')}/${repo.fullName}.git`,
      issue_comment_url: `${api}/issues/comments{/number}`,
      issue_events_url: `${api}/issues/events{/number}`,
      issues_url: `${api}/issues{/number}`,
      keys_url: `${api}/keys{/key_id}`,
      labels_url: `${api}/labels{/name}`,
      languages_url: `${api}/languages`,
      merges_url: `${api}/merges`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      pulls_url: `${api}/pulls{/number}`,
      releases_url: `${api}/releases{/id}`,
      ssh_url: `git@${this.htmlUrl.replace(/^https?:\/\//, '')}:${repo.fullName}.git`,
      stargazers_url: `${api}/stargazers`,
      statuses_url: `${api}/statuses/{sha}`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      tags_url: `${api}/tags`,
      teams_url: `${api}/teams`,
      trees_url: `${api}/git/trees{/sha}`,
      clone_url: this.html(`/${repo.fullName}.git`),
      mirror_url: null,
      hooks_url: `${api}/hooks`,
      svn_url: this.html(`/${repo.fullName}`),
      homepage: null,
      language: null,
      forks_count: 0,
      stargazers_count: 0,
      watchers_count: 0,
      size: 0,
      default_branch: repo.defaultBranch,
      open_issues_count: openIssues,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: false,
      has_wiki: false,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      visibility: repo.visibility,
      pushed_at: repo.pushedAt,
      created_at: repo.createdAt,
      updated_at: repo.pushedAt,
      allow_forking: true,
      web_commit_signoff_required: false,
      license: null,
      forks: 0,
      open_issues: openIssues,
      watchers: 0,
    };
    if (full) {
      Object.assign(out, {
        network_count: 0,
        subscribers_count: 0,
        permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
        organization: this.users.get(repo.owner.toLowerCase())?.type === 'Organization' ? this.renderUser(repo.owner) : undefined,
      });
      if (out.organization === undefined) delete out.organization;
    }
    return out;
  }

  renderLabel(repo: SimRepo, name: string): Record<string, unknown> {
    const label = this.label(repo, name, false);
    if (!label) throw notFound();
    return {
      id: label.id,
      node_id: nodeId('LA', label.id),
      url: this.api(`/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`),
      name: label.name,
      color: label.color,
      default: label.default,
      description: label.description,
    };
  }

  renderIssue(repo: SimRepo, issue: SimIssue): Record<string, unknown> {
    const api = this.api(`/repos/${repo.fullName}/issues/${issue.number}`);
    const out: Record<string, unknown> = {
      url: api,
      repository_url: this.api(`/repos/${repo.fullName}`),
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: this.html(`/${repo.fullName}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`),
      id: issue.id,
      node_id: nodeId(issue.pull ? 'PR' : 'I', issue.id),
      number: issue.number,
      title: issue.title,
      user: this.renderUser(issue.user),
      labels: issue.labels.map((name) => this.renderLabel(repo, name)),
      state: issue.state,
      locked: issue.locked,
      assignee: issue.assignees[0] ? this.renderUser(issue.assignees[0]) : null,
      assignees: issue.assignees.map((login) => this.renderUser(login)),
      milestone: null,
      comments: this.commentsOn(repo, issue.number).length,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      author_association: this.association(repo, issue.user),
      active_lock_reason: null,
      body: issue.body,
      closed_by: issue.closedBy ? this.renderUser(issue.closedBy) : null,
      reactions: this.reactions(`${api}/reactions`),
      timeline_url: `${api}/timeline`,
      performed_via_github_app: null,
      state_reason: issue.stateReason,
    };
    if (issue.pull) {
      out.draft = issue.pull.draft;
      out.pull_request = {
        url: this.api(`/repos/${repo.fullName}/pulls/${issue.number}`),
        html_url: this.html(`/${repo.fullName}/pull/${issue.number}`),
        diff_url: this.html(`/${repo.fullName}/pull/${issue.number}.diff`),
        patch_url: this.html(`/${repo.fullName}/pull/${issue.number}.patch`),
        merged_at: issue.pull.mergedAt,
      };
    }
    return out;
  }

  private reactions(url: string): Record<string, unknown> {
    return { url, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
  }

  renderComment(comment: SimComment): Record<string, unknown> {
    const repo = this.repo(comment.repo);
    const issue = this.issue(repo, comment.issueNumber);
    const user = this.user(comment.user);
    return {
      url: this.api(`/repos/${repo.fullName}/issues/comments/${comment.id}`),
      html_url: this.html(`/${repo.fullName}/${issue.pull ? 'pull' : 'issues'}/${issue.number}#issuecomment-${comment.id}`),
      issue_url: this.api(`/repos/${repo.fullName}/issues/${issue.number}`),
      id: comment.id,
      node_id: nodeId('IC', comment.id),
      user: this.renderUser(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      author_association: comment.authorAssociation ?? this.association(repo, comment.user),
      body: comment.body,
      reactions: this.reactions(this.api(`/repos/${repo.fullName}/issues/comments/${comment.id}/reactions`)),
      performed_via_github_app: user.login.toLowerCase() === this.app.botLogin.toLowerCase() ? this.renderApp() : null,
    };
  }

  private branchEnd(repo: SimRepo, ref: string, sha: string): Record<string, unknown> {
    return { label: `${repo.owner}:${ref}`, ref, sha, user: this.renderUser(repo.owner), repo: this.renderRepo(repo) };
  }

  renderPull(repo: SimRepo, issue: SimIssue, full = true): Record<string, unknown> {
    const pull = issue.pull;
    if (!pull) throw notFound();
    const api = this.api(`/repos/${repo.fullName}/pulls/${issue.number}`);
    const issueApi = this.api(`/repos/${repo.fullName}/issues/${issue.number}`);
    const html = this.html(`/${repo.fullName}/pull/${issue.number}`);
    const baseSha = issue.state === 'open' ? (repo.branches.get(pull.baseRef) ?? pull.baseSha) : pull.baseSha;
    const out: Record<string, unknown> = {
      url: api,
      id: issue.id,
      node_id: nodeId('PR', issue.id),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issueApi,
      number: issue.number,
      state: issue.state,
      locked: issue.locked,
      title: issue.title,
      user: this.renderUser(issue.user),
      body: issue.body,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergeCommitSha,
      assignee: issue.assignees[0] ? this.renderUser(issue.assignees[0]) : null,
      assignees: issue.assignees.map((login) => this.renderUser(login)),
      requested_reviewers: [],
      requested_teams: [],
      labels: issue.labels.map((name) => this.renderLabel(repo, name)),
      milestone: null,
      draft: pull.draft,
      commits_url: `${api}/commits`,
      review_comments_url: `${api}/comments`,
      review_comment_url: this.api(`/repos/${repo.fullName}/pulls/comments{/number}`),
      comments_url: `${issueApi}/comments`,
      statuses_url: this.api(`/repos/${repo.fullName}/statuses/${pull.headSha}`),
      head: this.branchEnd(repo, pull.headRef, pull.headSha),
      base: this.branchEnd(repo, pull.baseRef, baseSha),
      _links: {
        self: { href: api },
        html: { href: html },
        issue: { href: issueApi },
        comments: { href: `${issueApi}/comments` },
        review_comments: { href: `${api}/comments` },
        review_comment: { href: this.api(`/repos/${repo.fullName}/pulls/comments{/number}`) },
        commits: { href: `${api}/commits` },
        statuses: { href: this.api(`/repos/${repo.fullName}/statuses/${pull.headSha}`) },
      },
      author_association: this.association(repo, issue.user),
      auto_merge: null,
      active_lock_reason: null,
    };
    if (full) {
      const head = repo.commits.get(pull.headSha);
      const base = repo.commits.get(baseSha);
      const changed = head && base ? [...new Set([...head.files.keys(), ...base.files.keys()])].filter((p) => head.files.get(p) !== base.files.get(p)).length : 0;
      Object.assign(out, {
        merged: pull.merged,
        mergeable: issue.state === 'open' ? true : null,
        rebaseable: issue.state === 'open' ? true : null,
        mergeable_state: issue.state === 'open' ? 'clean' : 'unknown',
        merged_by: pull.mergedBy ? this.renderUser(pull.mergedBy) : null,
        comments: this.commentsOn(repo, issue.number).length,
        review_comments: 0,
        maintainer_can_modify: false,
        commits: 1,
        additions: 0,
        deletions: 0,
        changed_files: changed,
      });
    }
    return out;
  }

  renderCommit(repo: SimRepo, commit: SimCommit): Record<string, unknown> {
    const api = this.api(`/repos/${repo.fullName}/commits/${commit.sha}`);
    const author = this.user(commit.author);
    const person = { name: author.name ?? author.login, email: `${author.id}+${author.login}@users.noreply.github.com`, date: commit.date };
    return {
      sha: commit.sha,
      node_id: nodeId('C', parseInt(commit.sha.slice(0, 8), 16)),
      url: api,
      html_url: this.html(`/${repo.fullName}/commit/${commit.sha}`),
      comments_url: `${api}/comments`,
      commit: {
        url: this.api(`/repos/${repo.fullName}/git/commits/${commit.sha}`),
        author: person,
        committer: person,
        message: commit.message,
        comment_count: 0,
        tree: { sha: commit.tree, url: this.api(`/repos/${repo.fullName}/git/trees/${commit.tree}`) },
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
      },
      author: author.type === 'Organization' ? null : this.renderUser(author.login),
      committer: author.type === 'Organization' ? null : this.renderUser(author.login),
      parents: commit.parents.map((sha) => ({
        sha,
        url: this.api(`/repos/${repo.fullName}/commits/${sha}`),
        html_url: this.html(`/${repo.fullName}/commit/${sha}`),
      })),
      stats: { total: 0, additions: 0, deletions: 0 },
      files: [],
    };
  }

  renderApp(): Record<string, unknown> {
    return {
      id: this.app.id,
      slug: this.app.slug,
      node_id: nodeId('A', this.app.id),
      client_id: `Iv1.${createHash('sha1').update(String(this.app.id)).digest('hex').slice(0, 16)}`,
      owner: this.renderUser(this.app.owner),
      name: this.app.name,
      description: 'Checks design manifests against technical standards',
      external_url: this.html(`/apps/${this.app.slug}`),
      html_url: this.html(`/apps/${this.app.slug}`),
      created_at: this.app.createdAt,
      updated_at: this.app.createdAt,
      permissions: { ...this.app.permissions },
      events: [...this.app.events],
    };
  }

  renderInstallation(installation: SimInstallation): Record<string, unknown> {
    const account = this.user(installation.account);
    return {
      id: installation.id,
      client_id: (this.renderApp() as { client_id: string }).client_id,
      account: this.renderUser(installation.account),
      repository_selection: installation.repositories === 'all' ? 'all' : 'selected',
      access_tokens_url: this.api(`/app/installations/${installation.id}/access_tokens`),
      repositories_url: this.api('/installation/repositories'),
      html_url: this.html(`/organizations/${installation.account}/settings/installations/${installation.id}`),
      app_id: this.app.id,
      app_slug: this.app.slug,
      target_id: account.id,
      target_type: account.type === 'Organization' ? 'Organization' : 'User',
      permissions: { ...installation.permissions },
      events: [...installation.events],
      created_at: installation.createdAt,
      updated_at: installation.createdAt,
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      suspended_by: null,
      suspended_at: null,
    };
  }

  pullsForSha(repo: SimRepo, sha: string): SimIssue[] {
    return [...repo.issues.values()].filter((i) => i.pull && i.state === 'open' && i.pull.headSha === sha);
  }

  renderMinimalPull(repo: SimRepo, issue: SimIssue): Record<string, unknown> {
    const pull = issue.pull as SimPull;
    const repoRef = { id: repo.id, url: this.api(`/repos/${repo.fullName}`), name: repo.name };
    return {
      url: this.api(`/repos/${repo.fullName}/pulls/${issue.number}`),
      id: issue.id,
      number: issue.number,
      head: { ref: pull.headRef, sha: pull.headSha, repo: repoRef },
      base: { ref: pull.baseRef, sha: repo.branches.get(pull.baseRef) ?? pull.baseSha, repo: repoRef },
    };
  }

  renderCheckRun(run: SimCheckRun): Record<string, unknown> {
    const repo = this.repo(run.repo);
    const api = this.api(`/repos/${repo.fullName}/check-runs/${run.id}`);
    return {
      id: run.id,
      name: run.name,
      node_id: nodeId('CR', run.id),
      head_sha: run.headSha,
      external_id: run.externalId ?? '',
      url: api,
      html_url: this.html(`/${repo.fullName}/runs/${run.id}`),
      details_url: run.detailsUrl ?? this.html(`/${repo.fullName}/runs/${run.id}`),
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      output: {
        title: run.output.title,
        summary: run.output.summary,
        text: run.output.text,
        annotations_count: run.output.annotations.length,
        annotations_url: `${api}/annotations`,
      },
      check_suite: { id: run.suiteId },
      app: this.renderApp(),
      pull_requests: this.pullsForSha(repo, run.headSha).map((issue) => this.renderMinimalPull(repo, issue)),
    };
  }

  renderAnnotation(run: SimCheckRun, annotation: SimAnnotation): Record<string, unknown> {
    return {
      path: annotation.path,
      blob_href: this.html(`/${run.repo}/blob/${run.headSha}/${annotation.path}`),
      start_line: annotation.start_line,
      end_line: annotation.end_line,
      start_column: annotation.start_column ?? null,
      end_column: annotation.end_column ?? null,
      annotation_level: annotation.annotation_level,
      title: annotation.title ?? null,
      message: annotation.message,
      raw_details: annotation.raw_details ?? null,
    };
  }

  renderCheckSuite(suite: SimCheckSuite): Record<string, unknown> {
    const repo = this.repo(suite.repo);
    const runs = [...this.checkRuns.values()].filter((r) => r.suiteId === suite.id);
    const done = runs.length > 0 && runs.every((r) => r.status === 'completed');
    const conclusions = runs.map((r) => r.conclusion);
    const conclusion = !done ? null : conclusions.includes('failure') ? 'failure' : conclusions.includes('action_required') ? 'action_required' : conclusions.every((c) => c === 'neutral' || c === 'skipped') ? 'neutral' : 'success';
    const head = repo.commits.get(suite.headSha);
    return {
      id: suite.id,
      node_id: nodeId('CS', suite.id),
      head_branch: suite.headBranch,
      head_sha: suite.headSha,
      status: runs.length === 0 ? 'queued' : done ? 'completed' : 'in_progress',
      conclusion,
      url: this.api(`/repos/${repo.fullName}/check-suites/${suite.id}`),
      before: head?.parents[0] ?? null,
      after: suite.headSha,
      pull_requests: this.pullsForSha(repo, suite.headSha).map((issue) => this.renderMinimalPull(repo, issue)),
      app: this.renderApp(),
      created_at: suite.createdAt,
      updated_at: suite.createdAt,
      check_runs_url: this.api(`/repos/${repo.fullName}/check-suites/${suite.id}/check-runs`),
      latest_check_runs_count: runs.length,
      head_commit: head
        ? {
            id: head.sha,
            tree_id: head.tree,
            message: head.message,
            timestamp: head.date,
            author: { name: head.author, email: `${head.author}@users.noreply.github.com` },
            committer: { name: head.author, email: `${head.author}@users.noreply.github.com` },
          }
        : null,
    };
  }

  renderTeamMembership(team: SimTeam, login: string, member: SimTeamMember): Record<string, unknown> {
    const org = this.user(team.org);
    return {
      url: this.api(`/organizations/${org.id}/team/${team.id}/memberships/${login}`),
      role: member.role,
      state: member.state,
    };
  }
}
