// Seeding and inspection: the local GitHub as people other than the App change it (repositories, pushes,
// pull requests, issues, comments, labels, teams, permissions, installations), and what tests read back.
import type { Level, TokenIssuer } from './auth.js';
import type { AuthorAssociation, Permission, SimCheckRun, SimComment, SimIssue, SimModel, SimRepo, Visibility } from './model.js';
import type { SimRenderer } from './render.js';

type Json = Record<string, unknown>;

export interface AddRepoOptions {
  owner: string;
  name: string;
  defaultBranch?: string;
  visibility?: Visibility;
  description?: string;
  /** GitHub's topics for the repository. */
  topics?: string[];
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

export interface SimSeeding {
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

export function createSeeding(model: SimModel, render: SimRenderer, issueToken: TokenIssuer): SimSeeding {
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

  return {
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
      return render.pull(repo, issue);
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
      return render.pull(repo, issue);
    },
    closePullRequest: (repoName, number, o = {}) => {
      const repo = repoOf(repoName);
      const issue = pullIn(repoName, number);
      model.updateIssue(repo, issue, { state: 'closed', stateReason: null }, o.by ?? issue.user);
      return render.pull(repo, issue);
    },
    addIssue: (o) => {
      const repo = repoOf(o.repo);
      const issue = model.createIssue(repo, { title: o.title, body: o.body ?? null, user: o.author, labels: o.labels ?? [] });
      return render.issue(repo, issue);
    },
    addIssueComment: (o) => {
      const repo = repoOf(o.repo);
      const comment = model.addComment(repo, issueIn(o.repo, o.number), o.author, o.body, o.authorAssociation);
      return render.comment(comment);
    },
    editIssueComment: (commentId, body) => {
      const comment = model.comments.get(commentId);
      if (!comment) throw new Error(`No comment ${commentId}`);
      const from = comment.body;
      model.editComment(comment, body);
      return { comment: render.comment(comment), changes: { body: { from } } };
    },
    editIssue: (repoName, number, changes, by) => {
      const repo = repoOf(repoName);
      const issue = issueIn(repoName, number);
      model.user(by);
      const previous = issue.lastChanges;
      model.updateIssue(repo, issue, changes, by);
      const edited = issue.lastChanges !== previous ? (issue.lastChanges ?? {}) : {};
      return { issue: render.issue(repo, issue), changes: edited };
    },
    labelIssue: (repoName, number, name) => {
      const repo = repoOf(repoName);
      const issue = issueIn(repoName, number);
      model.setIssueLabels(repo, issue, [...issue.labels, name]);
      return render.label(repo, name);
    },
    unlabelIssue: (repoName, number, name) => {
      const repo = repoOf(repoName);
      const issue = issueIn(repoName, number);
      const label = render.label(repo, name);
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
}
