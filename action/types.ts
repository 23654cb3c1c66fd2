// What run() hands each mode: the event being handled, the dependencies a test (or the wiring) injects,
// and the environment the runner set.
import type { Clock } from '../src/time/clock.js';
import type { GitHubContext } from '../github/context.js';
import type { ExemptionLoader } from '../github/design/evaluate.js';
import type { ActionEvent } from './event.js';
import type { Inputs } from './inputs.js';

export interface RunDeps {
  /** The exemptions in force for a design repository (github/exceptions/store.ts once wired). Used only when record-key is set. */
  loadExemptions?: ExemptionLoader;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Octokit's retry and throttling (default on). Throttling spaces writes a second or more apart, as
   * GitHub's secondary limits ask; tests against the local GitHub turn it off.
   */
  retries?: boolean;
}

export interface ModeEnv {
  event: ActionEvent;
  deps: RunDeps;
  env: NodeJS.ProcessEnv;
}

export type ModeRunner = (ctx: GitHubContext, inputs: Inputs, env: ModeEnv) => Promise<void>;
