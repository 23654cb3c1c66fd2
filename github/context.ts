// What every part of the GitHub layer is given: the client, the clock, a log and the keys. The App builds
// it from Probot's context, the Action and the CLI from their inputs; nothing below knows which.
import { createHmac } from 'node:crypto';
import type { Clock } from '../src/time/clock.js';
import type { GitHub } from './client.js';

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
  /** HMAC key for state records (App: derived from the webhook secret; Action: an input). */
  recordKey: string;
  /** How deciders are checked: the team membership API, or the config's approvers list. */
  membership: 'teams' | 'list';
  /** The webhook delivery (App) or workflow run (Action) being handled: the base of idempotency keys. */
  deliveryId?: string;
}

/**
 * The App's record key: derived from the webhook secret so every replica agrees without another secret,
 * and a leaked record key does not reveal the webhook secret.
 */
export function deriveRecordKey(webhookSecret: string): string {
  return createHmac('sha256', webhookSecret).update('assure:record-key:v1').digest('hex');
}

export const silentLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
