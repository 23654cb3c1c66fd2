// What every part of the GitHub layer is given: the client, the clock, a log and the keys. The App builds
// it from Probot's context, the Action and the CLI from their inputs; nothing below knows which.
import type { Clock } from '../src/time/clock.js';
import type { GitHub } from './client.js';
import type { ConfigReader } from './config/reader.js';
import type { RecordKeys } from './exceptions/signing.js';

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface GitHubContext {
  gh: GitHub;
  /** Where time comes from; never Date.now(). */
  clock: Clock;
  log: Logger;
  /** The login the App (or the Action's token) acts as, e.g. 'assure[bot]' or 'github-actions[bot]'. */
  botLogin: string;
  /** The keys exception records are signed (where they are written) and verified with. */
  keys: RecordKeys;
  /** How deciders are checked: the team membership API, or the config's approvers list. */
  membership: 'teams' | 'list';
  /** The webhook delivery (App) or workflow run (Action) being handled: the base of idempotency keys. */
  deliveryId?: string;
  /**
   * How `.github/assure.yml` is read. The App passes Probot's `context.config` (org defaults and
   * `_extends`); absent means the contents API at the repository's default branch.
   */
  readConfig?: ConfigReader;
}

/** A repository named as owner and name. */
export interface RepoRef {
  owner: string;
  repo: string;
}

export function fullName(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}

/** Splits "owner/repo"; undefined unless it is exactly that shape. */
export function parseRepo(text: string): RepoRef | undefined {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(text.trim());
  if (!match?.[1] || !match[2] || match[2] === '.' || match[2] === '..') return undefined;
  return { owner: match[1], repo: match[2] };
}

export function sameRepo(a: RepoRef, b: RepoRef): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();
}

export const silentLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
