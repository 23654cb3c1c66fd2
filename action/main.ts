// The GitHub Action (see action.yml), in the shape of GitHub's typescript-action template: run() reads
// the inputs and the event, builds the GitHub layer's context and hands over to the mode. index.ts calls it.
import * as core from '@actions/core';
import { systemClock } from '../src/time/clock.js';
import { createClient } from '../github/client.js';
import type { GitHubContext } from '../github/context.js';
import { reportError } from './errors.js';
import { readEvent } from './event.js';
import { readInputs, type ActionMode, type Inputs } from './inputs.js';
import { runCheck } from './modes/check.js';
import { runCommand } from './modes/command.js';
import { runSweep } from './modes/sweep.js';
import type { ModeRunner, RunDeps } from './types.js';

export type { RunDeps } from './types.js';

/** One line per mode. */
const MODES: Record<ActionMode, ModeRunner> = {
  check: runCheck,
  command: runCommand,
  sweep: runSweep,
};

/** The workflow run (and its attempt): the base of idempotency keys, as a webhook delivery id is for the App. */
function deliveryId(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.GITHUB_RUN_ID) return undefined;
  return `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT || '1'}`;
}

export function actionContext(inputs: Pick<Inputs, 'token' | 'keys' | 'membership' | 'actor'>, deps: RunDeps, env: NodeJS.ProcessEnv): GitHubContext {
  const id = deliveryId(env);
  return {
    gh: createClient({ token: inputs.token, retries: deps.retries ?? true, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL.replace(/\/+$/, '') } : {}), userAgent: 'assure-action' }),
    clock: deps.clock ?? systemClock,
    log: { info: (m) => core.info(m), warn: (m) => core.warning(m), error: (m) => core.error(m) },
    botLogin: inputs.actor,
    keys: inputs.keys,
    membership: inputs.membership,
    ...(id ? { deliveryId: id } : {}),
  };
}

/** The Action's entry point. Never throws: every error ends as core.setFailed with one clear message. */
export async function run(deps: RunDeps = {}): Promise<void> {
  const env = deps.env ?? process.env;
  try {
    const inputs = readInputs(env);
    const event = readEvent(env);
    const ctx = actionContext(inputs, deps, env);
    await MODES[inputs.mode](ctx, inputs, { event, deps, env });
  } catch (error) {
    await reportError(error, env);
  }
}
