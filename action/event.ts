// The workflow run's event, as the runner describes it: GITHUB_EVENT_NAME, the payload at
// GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_SHA. Read directly (what @actions/github's context does)
// so the bundle carries one Octokit, the GitHub layer's.
import { existsSync, readFileSync } from 'node:fs';
import { parseRepo, type RepoRef } from '../github/repo.js';
import { InputError } from './inputs.js';

export interface ActionEvent {
  name: string;
  payload: Record<string, unknown>;
  /** The repository the workflow runs in (GITHUB_REPOSITORY). */
  repo: RepoRef;
  /** GITHUB_SHA: the commit the workflow runs at. */
  sha?: string;
  /** https://github.com (GITHUB_SERVER_URL), for links in reports. */
  serverUrl: string;
}

export function readEvent(env: NodeJS.ProcessEnv = process.env): ActionEvent {
  const name = env.GITHUB_EVENT_NAME ?? '';
  let payload: Record<string, unknown> = {};
  const path = env.GITHUB_EVENT_PATH;
  if (path && existsSync(path)) {
    try {
      const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (data && typeof data === 'object' && !Array.isArray(data)) payload = data as Record<string, unknown>;
    } catch {
      throw new InputError(`GITHUB_EVENT_PATH ${path}: the event payload is not JSON`);
    }
  }
  const fromPayload = payload.repository as { name?: string; owner?: { login?: string } } | undefined;
  const repo =
    parseRepo(env.GITHUB_REPOSITORY ?? '') ??
    (fromPayload?.name && fromPayload.owner?.login ? { owner: fromPayload.owner.login, repo: fromPayload.name } : undefined);
  if (!repo) throw new InputError('GITHUB_REPOSITORY is not set (owner/name): run this inside a GitHub Actions workflow');
  return {
    name,
    payload,
    repo,
    ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
  };
}

/** The design repository's web address, for links to files at a commit. */
export function repoUrl(event: ActionEvent, repo: RepoRef = event.repo): string {
  const html = (event.payload.repository as { html_url?: string } | undefined)?.html_url;
  return (html ?? `${event.serverUrl}/${repo.owner}/${repo.repo}`).replace(/\/+$/, '');
}

export interface CheckTarget {
  repo: RepoRef;
  headSha: string;
  pullNumber?: number;
}

const ZERO_SHA = /^0{40}$/;

/**
 * The commit the check mode evaluates: a pull request's head (not the merge commit the runner checks
 * out), a merge queue group's head, a push's new head, else the workflow's commit (workflow_dispatch,
 * schedule). undefined: nothing to check (a deleted branch).
 */
export function checkTarget(event: ActionEvent): CheckTarget | undefined {
  const p = event.payload;
  const pull = p.pull_request as { number?: number; head?: { sha?: string; repo?: { name?: string; owner?: { login?: string } } | null } } | undefined;
  if (pull?.head?.sha) {
    // The design repository is the base repository (GITHUB_REPOSITORY); a fork's head commit is readable through it.
    return { repo: event.repo, headSha: pull.head.sha, ...(typeof pull.number === 'number' ? { pullNumber: pull.number } : {}) };
  }
  const group = p.merge_group as { head_sha?: string } | undefined;
  if (group?.head_sha) return { repo: event.repo, headSha: group.head_sha };
  if (event.name === 'push') {
    if (p.deleted === true || (typeof p.after === 'string' && ZERO_SHA.test(p.after))) return undefined;
    if (typeof p.after === 'string' && p.after) return { repo: event.repo, headSha: p.after };
  }
  if (event.sha) return { repo: event.repo, headSha: event.sha };
  throw new InputError(`The ${event.name || 'unknown'} event names no commit to check (GITHUB_SHA is not set)`);
}
