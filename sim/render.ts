// How GitHub renders the local GitHub's state: the JSON shapes of REST responses, which webhook payloads
// reuse. Each renderer writes URLs under one API root, the address the client used.
import { notFound } from './errors.js';
import type { SimAnnotation, SimCheckRun, SimCheckSuite, SimComment, SimCommit, SimInstallation, SimIssue, SimModel, SimPull, SimRepo, SimTeam, SimTeamMember } from './model.js';

function nodeId(kind: string, id: number): string {
  return `${kind}_${Buffer.from(`${kind}:${id}`).toString('base64url')}`;
}

export class SimRenderer {
  readonly htmlUrl: string;

  constructor(
    private readonly model: SimModel,
    /** The API root in rendered `url` fields (the simulation's address, plus /api/v3 when asked that way). */
    readonly apiUrl: string,
    /** Where html_url fields point. */
    htmlUrl: string,
  ) {
    this.htmlUrl = htmlUrl.replace(/\/$/, '');
  }

  private api(path: string): string {
    return `${this.apiUrl}${path}`;
  }

  private html(path: string): string {
    return `${this.htmlUrl}${path}`;
  }

  user(login: string): Record<string, unknown> {
    const user = this.model.user(login);
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

  repo(repo: SimRepo, full = false): Record<string, unknown> {
    const api = this.api(`/repos/${repo.fullName}`);
    const openIssues = [...repo.issues.values()].filter((i) => i.state === 'open').length;
    const out: Record<string, unknown> = {
      id: repo.id,
      node_id: nodeId('R', repo.id),
      name: repo.name,
      full_name: repo.fullName,
      private: repo.visibility !== 'public',
      owner: this.user(repo.owner),
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
      topics: [...repo.topics],
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
        organization: this.model.users.get(repo.owner.toLowerCase())?.type === 'Organization' ? this.user(repo.owner) : undefined,
      });
      if (out.organization === undefined) delete out.organization;
    }
    return out;
  }

  label(repo: SimRepo, name: string): Record<string, unknown> {
    const label = this.model.label(repo, name, false);
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

  issue(repo: SimRepo, issue: SimIssue): Record<string, unknown> {
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
      user: this.user(issue.user),
      labels: issue.labels.map((name) => this.label(repo, name)),
      state: issue.state,
      locked: issue.locked,
      assignee: issue.assignees[0] ? this.user(issue.assignees[0]) : null,
      assignees: issue.assignees.map((login) => this.user(login)),
      milestone: null,
      comments: this.model.commentsOn(repo, issue.number).length,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      author_association: this.model.association(repo, issue.user),
      active_lock_reason: null,
      body: issue.body,
      closed_by: issue.closedBy ? this.user(issue.closedBy) : null,
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

  comment(comment: SimComment): Record<string, unknown> {
    const repo = this.model.repo(comment.repo);
    const issue = this.model.issue(repo, comment.issueNumber);
    const user = this.model.user(comment.user);
    return {
      url: this.api(`/repos/${repo.fullName}/issues/comments/${comment.id}`),
      html_url: this.html(`/${repo.fullName}/${issue.pull ? 'pull' : 'issues'}/${issue.number}#issuecomment-${comment.id}`),
      issue_url: this.api(`/repos/${repo.fullName}/issues/${issue.number}`),
      id: comment.id,
      node_id: nodeId('IC', comment.id),
      user: this.user(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      author_association: comment.authorAssociation ?? this.model.association(repo, comment.user),
      body: comment.body,
      reactions: this.reactions(this.api(`/repos/${repo.fullName}/issues/comments/${comment.id}/reactions`)),
      performed_via_github_app: user.login.toLowerCase() === this.model.app.botLogin.toLowerCase() ? this.app() : null,
    };
  }

  private branchEnd(repo: SimRepo, ref: string, sha: string): Record<string, unknown> {
    return { label: `${repo.owner}:${ref}`, ref, sha, user: this.user(repo.owner), repo: this.repo(repo) };
  }

  pull(repo: SimRepo, issue: SimIssue, full = true): Record<string, unknown> {
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
      user: this.user(issue.user),
      body: issue.body,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergeCommitSha,
      assignee: issue.assignees[0] ? this.user(issue.assignees[0]) : null,
      assignees: issue.assignees.map((login) => this.user(login)),
      requested_reviewers: [],
      requested_teams: [],
      labels: issue.labels.map((name) => this.label(repo, name)),
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
      author_association: this.model.association(repo, issue.user),
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
        merged_by: pull.mergedBy ? this.user(pull.mergedBy) : null,
        comments: this.model.commentsOn(repo, issue.number).length,
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

  commit(repo: SimRepo, commit: SimCommit): Record<string, unknown> {
    const api = this.api(`/repos/${repo.fullName}/commits/${commit.sha}`);
    const author = this.model.user(commit.author);
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
      author: author.type === 'Organization' ? null : this.user(author.login),
      committer: author.type === 'Organization' ? null : this.user(author.login),
      parents: commit.parents.map((sha) => ({
        sha,
        url: this.api(`/repos/${repo.fullName}/commits/${sha}`),
        html_url: this.html(`/${repo.fullName}/commit/${sha}`),
      })),
      stats: { total: 0, additions: 0, deletions: 0 },
      files: [],
    };
  }

  app(): Record<string, unknown> {
    return {
      id: this.model.app.id,
      slug: this.model.app.slug,
      node_id: nodeId('A', this.model.app.id),
      client_id: this.model.app.clientId,
      owner: this.user(this.model.app.owner),
      name: this.model.app.name,
      description: 'Checks design manifests against technical standards',
      external_url: this.html(`/apps/${this.model.app.slug}`),
      html_url: this.html(`/apps/${this.model.app.slug}`),
      created_at: this.model.app.createdAt,
      updated_at: this.model.app.createdAt,
      permissions: { ...this.model.app.permissions },
      events: [...this.model.app.events],
    };
  }

  installation(installation: SimInstallation): Record<string, unknown> {
    const account = this.model.user(installation.account);
    return {
      id: installation.id,
      client_id: this.model.app.clientId,
      account: this.user(installation.account),
      repository_selection: installation.repositories === 'all' ? 'all' : 'selected',
      access_tokens_url: this.api(`/app/installations/${installation.id}/access_tokens`),
      repositories_url: this.api('/installation/repositories'),
      html_url: this.html(`/organizations/${installation.account}/settings/installations/${installation.id}`),
      app_id: this.model.app.id,
      app_slug: this.model.app.slug,
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

  minimalPull(repo: SimRepo, issue: SimIssue): Record<string, unknown> {
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

  checkRun(run: SimCheckRun): Record<string, unknown> {
    const repo = this.model.repo(run.repo);
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
      app: this.app(),
      pull_requests: this.model.pullsForSha(repo, run.headSha).map((issue) => this.minimalPull(repo, issue)),
    };
  }

  annotation(run: SimCheckRun, annotation: SimAnnotation): Record<string, unknown> {
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

  checkSuite(suite: SimCheckSuite): Record<string, unknown> {
    const repo = this.model.repo(suite.repo);
    const runs = [...this.model.checkRuns.values()].filter((r) => r.suiteId === suite.id);
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
      pull_requests: this.model.pullsForSha(repo, suite.headSha).map((issue) => this.minimalPull(repo, issue)),
      app: this.app(),
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

  teamMembership(team: SimTeam, login: string, member: SimTeamMember): Record<string, unknown> {
    const org = this.model.user(team.org);
    return {
      url: this.api(`/organizations/${org.id}/team/${team.id}/memberships/${login}`),
      role: member.role,
      state: member.state,
    };
  }
}
