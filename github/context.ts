// What every part of the GitHub layer is given: the client, the clock, a log and the keys. The App builds
// it from Probot's context, the Action and the CLI from their inputs; nothing below knows which.
import type { Clock } from '../src/time/clock.js';
import type { GitHub } from './client.js';
import type { RecordKeys } from './signing.js';
import type { AssertionCache } from '../src/artefacts/compiled-cache.js';

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
  /** Where an organisation's compiled artefacts are kept between processes; without one they are compiled in each. */
  assertionCache?: AssertionCache;
}

export const silentLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
