// The Action's inputs (action.yml), read and checked once: a bad value is a user error with one clear line.
import * as core from '@actions/core';
import { isTimeZone } from '../src/time/clock.js';
import { CONFIG_FILE } from '../github/config/types.js';
import { FAIL_ON, type FailOn } from '../src/engine/fail-on.js';
import { KeyError, keyring, parseSigningKey, parseVerifyKeys, type RecordKeys } from '../github/signing.js';

export const MODES = ['check', 'command', 'sweep'] as const;
export type ActionMode = (typeof MODES)[number];

export { FAIL_ON, type FailOn };

export const DECIDERS = ['approvers', 'teams'] as const;

export interface Inputs {
  mode: ActionMode;
  /** The manifest path when the input overrides the configuration's `manifest`. */
  manifest?: string;
  /** The configuration file, read from the default branch. */
  config: string;
  token: string;
  /** How deciders are recognised: approvers -> 'list' (the configuration's deciders.approvers), teams -> 'teams'. */
  membership: 'teams' | 'list';
  /** The keys exception records are verified with and, in command and sweep modes only, signed with. */
  keys: RecordKeys;
  /** The login the token writes as: github-actions[bot] for the workflow token, `<app>[bot]` for an App's. */
  actor: string;
  failOn: FailOn;
  sarifFile?: string;
  /** Overrides the configuration's time_zone. */
  timeZone?: string;
}

/** A problem with what the workflow asked for: reported as one line, never with a stack trace. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`Input ${name}: "${value}" is not allowed; use one of ${allowed.join(', ')}`);
}

/** A path inside the repository: relative, without "..", written with forward slashes. */
function repoPath(name: string, value: string): string {
  const path = value.replace(/^\.\//, '');
  if (path === '' || path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\') || path.split('/').includes('..') || path.endsWith('/')) {
    throw new InputError(`Input ${name}: "${value}" must be the path of a file in the repository (relative, no "..", e.g. design.yml)`);
  }
  return path;
}

/**
 * Reads every input. Defaults are applied here too (the runner fills in action.yml's defaults, but a
 * local run or a test may not), so an empty input means "the default".
 */
export function readInputs(env: NodeJS.ProcessEnv = process.env): Inputs {
  const get = (name: string): string => core.getInput(name);
  const mode = oneOf('mode', get('mode') || 'check', MODES);
  const failOn = oneOf('fail-on', get('fail-on') || 'must', FAIL_ON);
  const deciders = oneOf('deciders', get('deciders') || 'approvers', DECIDERS);
  const token = get('github-token') || env.GITHUB_TOKEN || '';
  // Check mode reads the checked-out files, so it can run without a token (on the defaults, and saying so).
  if (!token && mode !== 'check') throw new InputError('Input github-token is empty: pass ${{ github.token }} (the default) or another token');
  const manifestInput = get('manifest');
  const timeZone = get('time-zone');
  if (timeZone && !isTimeZone(timeZone)) throw new InputError(`Input time-zone: "${timeZone}" is not a time zone; use an IANA name such as Europe/London`);
  const sarifFile = get('sarif-file');
  const keys = readKeys(mode, get);
  const actor = get('actor') || 'github-actions[bot]';
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/.test(actor)) throw new InputError(`Input actor: "${actor}" is not a GitHub login (e.g. github-actions[bot] or my-app[bot])`);
  return {
    mode,
    ...(manifestInput ? { manifest: repoPath('manifest', manifestInput) } : {}),
    config: repoPath('config', get('config') || CONFIG_FILE),
    token,
    membership: deciders === 'teams' ? 'teams' : 'list',
    keys,
    actor,
    failOn,
    ...(sarifFile ? { sarifFile } : {}),
    ...(timeZone ? { timeZone } : {}),
  };
}

/**
 * The record keys. A pull request's check runs the workflow file of the pull request's branch, which its
 * author controls: it gets public keys only (verify-keys) and refuses a signing key. Records are signed
 * only in command and sweep modes, which GitHub runs from the default branch's workflow file.
 */
function readKeys(mode: ActionMode, get: (name: string) => string): RecordKeys {
  const signingText = get('signing-key');
  const legacy = get('legacy-record-key');
  for (const secret of [signingText, legacy]) if (secret) core.setSecret(secret);
  if (mode === 'check' && signingText) {
    throw new InputError('Input signing-key must not be given in check mode: a pull request can change the workflow that runs it and read the key. Give verify-keys (public keys) instead; sign only in the command and sweep workflows');
  }
  if (mode !== 'check' && !signingText) throw new InputError(`Input signing-key is required in ${mode} mode: it signs the exception records (store it as a secret, with signing-key-id)`);
  try {
    const signing = signingText ? parseSigningKey(signingText, get('signing-key-id'), { key: 'Input signing-key', kid: 'Input signing-key-id' }) : undefined;
    return { ...(signing ? { signing } : {}), ring: keyring({ signing, verify: parseVerifyKeys(get('verify-keys'), 'Input verify-keys'), legacyHmacKeys: legacy ? [legacy] : [] }) };
  } catch (error) {
    if (error instanceof KeyError) throw new InputError(error.message);
    throw error;
  }
}
