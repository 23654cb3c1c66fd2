// Exception issues as the store of exemptions: every issue labelled as an exception in the exceptions
// repository, trusted only when assure wrote it and its signed record belongs to that very issue.
import type { Exemption } from '../../src/types.js';
import type { GitHubContext } from '../context.js';
import { fullName, parseRepo, type RepoRef } from '../repo.js';
import { TimedCache } from '../cache.js';
import { label, type AssureConfig } from '../config/types.js';
import { readRecord, toExemption, type AnyRecord, type ExceptionRecord } from './record.js';
import { graphql } from '../graphql.js';

export interface StoredIssue {
  number: number;
  url: string;
  state: string;
  title: string;
  labels: string[];
  author: string;
  body: string;
  /** The record, when assure wrote it for this issue and nobody changed it since. */
  record?: AnyRecord;
  /** The record's revision (0 for a record from before revisions). */
  revision?: number;
  /** Why the record cannot be trusted, when it cannot. */
  distrust?: 'not written by assure' | 'missing' | 'tampered' | 'malformed' | 'unknown key' | 'belongs to another issue' | 'edited by someone else';
}

/** Exemptions read within this long are used again (a decision in this process, or in a peer replica, clears them at once). */
export const EXEMPTION_TTL_MS = 60_000;

/** Exceptions repositories whose issues are kept at most. */
export const MAX_EXCEPTION_REPOS = 200;

const listed = new TimedCache<StoredIssue[]>({ ttlMs: EXEMPTION_TTL_MS, max: MAX_EXCEPTION_REPOS });

/** Told of every change this process makes to an exceptions repository (replicas pass it on to their peers). */
const listeners = new Set<(repo: string | undefined) => void>();

export const exemptionCache = {
  /** After a change to an exceptions repository's issues: forgets them here and tells the listeners. */
  clear(repo?: string): void {
    exemptionCache.forget(repo);
    for (const listener of listeners) listener(repo);
  },
  /** Forgets without telling anyone: another replica made the change and said so. */
  forget(repo?: string): void {
    if (repo) listed.delete(repo.toLowerCase());
    else listed.clear();
  },
  /** Calls `listener` on each clear; returns how to stop. */
  onClear(listener: (repo: string | undefined) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function exceptionsRepo(config: AssureConfig): RepoRef {
  const repo = parseRepo(config.exceptions.repository);
  if (!repo) throw new Error(`exceptions.repository "${config.exceptions.repository}" is not written owner/name`);
  return repo;
}

interface IssueLike {
  number: number;
  html_url: string;
  state: string;
  title: string;
  body?: string | null;
  user?: { login: string } | null;
  labels: Array<string | { name?: string }>;
  pull_request?: unknown;
}

/** Reads one issue of the exceptions repository `repo` as the store sees it. */
export function storedIssue(ctx: GitHubContext, repo: RepoRef, issue: IssueLike): StoredIssue {
  const labels = issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean);
  const author = issue.user?.login ?? '';
  const base = { number: issue.number, url: issue.html_url, state: issue.state, title: issue.title, labels, author, body: issue.body ?? '' };
  if (author.toLowerCase() !== ctx.botLogin.toLowerCase()) return { ...base, distrust: 'not written by assure' };
  const read = readRecord(issue.body, ctx.keys, { repository: fullName(repo), issue: issue.number });
  if (!read.ok) return { ...base, distrust: read.reason };
  return { ...base, record: read.record, revision: read.revision };
}

/** Every issue labelled as an exception (open and closed), 100 a page. */
export async function listExceptionIssues(ctx: GitHubContext, config: AssureConfig, useCache = true): Promise<StoredIssue[]> {
  const repo = exceptionsRepo(config);
  const key = fullName(repo).toLowerCase();
  const now = ctx.clock.now().getTime();
  const cached = useCache ? listed.get(key, now) : undefined;
  if (cached) return cached;
  const generation = listed.generation;
  const issues = await ctx.gh.paginate(ctx.gh.rest.issues.listForRepo, { owner: repo.owner, repo: repo.repo, labels: label(config, 'exception'), state: 'all', per_page: 100 });
  const stored = await unlessEditedBySomeoneElse(ctx, repo, issues.filter((i) => !i.pull_request).map((i) => storedIssue(ctx, repo, i)));
  if (listed.generation === generation) listed.set(key, stored, now);
  return stored;
}

/** Issues asked about in one GraphQL query (well within GitHub's node limits). */
const EDITORS_PER_QUERY = 250;

/**
 * A record is trusted only while assure was the last to edit the description: an older, validly signed
 * record pasted back (after a revocation, say) is distrusted from the moment it is pasted, not only once
 * the issues.edited guard has put the newest back. GitHub keeps who last edited a description
 * (`editor`), which nobody can set: one GraphQL query per 250 issues holding a record.
 */
async function unlessEditedBySomeoneElse(ctx: GitHubContext, repo: RepoRef, issues: StoredIssue[]): Promise<StoredIssue[]> {
  const numbers = issues.filter((i) => i.record).map((i) => i.number);
  const editors = new Map<number, { login: string; __typename: string } | null>();
  for (let i = 0; i < numbers.length; i += EDITORS_PER_QUERY) {
    const batch = numbers.slice(i, i + EDITORS_PER_QUERY);
    const variables: Record<string, unknown> = { owner: repo.owner, name: repo.repo };
    batch.forEach((n, j) => (variables[`n${j}`] = n));
    const declared = batch.map((_, j) => `, $n${j}: Int!`).join('');
    const fields = batch.map((_, j) => ` i${j}: issue(number: $n${j}) { editor { login __typename } }`).join('');
    const reply = await graphql<{ repository: Record<string, { editor: { login: string; __typename: string } | null } | null> | null }>(
      ctx.gh,
      `query Editors($owner: String!, $name: String!${declared}) { repository(owner: $owner, name: $name) {${fields} } }`,
      variables,
    );
    const repository = reply.data?.repository;
    // Not knowing who edited a record is not trusting it: the check fails rather than pass on it.
    if (!repository) throw new Error(`GitHub did not say who last edited the exception issues of ${fullName(repo)}: ${reply.errors?.map((e) => e.message).join('; ') || 'no repository in the reply'}`);
    batch.forEach((n, j) => editors.set(n, repository[`i${j}`]?.editor ?? null));
  }
  return issues.map((issue) => {
    const editor = editors.get(issue.number);
    if (!issue.record || !editor || isAssure(ctx, editor)) return issue;
    const { record: _record, revision: _revision, ...rest } = issue;
    return { ...rest, distrust: 'edited by someone else' };
  });
}

/** GraphQL names a GitHub App's bot without the `[bot]` REST adds; a user may hold the bare name. */
function isAssure(ctx: GitHubContext, editor: { login: string; __typename: string }): boolean {
  const bot = ctx.botLogin.toLowerCase();
  return editor.__typename === 'Bot' ? `${editor.login.toLowerCase()}[bot]` === bot || editor.login.toLowerCase() === bot : editor.login.toLowerCase() === bot && !bot.endsWith('[bot]');
}

export function exceptionRecords(issues: readonly StoredIssue[]): Array<{ issue: StoredIssue; record: ExceptionRecord }> {
  return issues.flatMap((issue) => (issue.record?.type === 'exception' && issue.record.issue === issue.number ? [{ issue, record: issue.record }] : []));
}

export function exemptionId(config: AssureConfig, issueNumber: number): string {
  return `${config.exceptions.repository}#${issueNumber}`;
}

/** The exemptions the trusted records among `issues` grant a design repository. */
export function exemptionsFor(config: AssureConfig, issues: readonly StoredIssue[], designRepo: string): Exemption[] {
  const wanted = designRepo.toLowerCase();
  return exceptionRecords(issues)
    .filter(({ record }) => record.design.toLowerCase() === wanted)
    .map(({ issue, record }) => toExemption(record, exemptionId(config, issue.number), issue.url));
}

/** The exemptions recorded for a design repository: what the engine applies to its findings. */
export async function loadExemptions(ctx: GitHubContext, config: AssureConfig, designRepo: string): Promise<Exemption[]> {
  return exemptionsFor(config, await listExceptionIssues(ctx, config), designRepo);
}
