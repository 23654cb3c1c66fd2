// mode: sweep (on schedule): the expiry sweep over the configured exceptions repository, with its changes
// in the job summary.
import * as core from '@actions/core';
import type { GitHubContext } from '../../github/context.js';
import { recheckDesign } from '../../github/handlers.js';
import { sweep } from '../../github/sweep/sweep.js';
import { describeSweep } from '../../github/sweep/describe.js';
import { loadActionConfig } from '../config.js';
import type { Inputs } from '../inputs.js';
import { logInfo } from '../log.js';
import { writeSummary } from '../summary.js';
import type { ModeEnv } from '../types.js';

export async function runSweep(ctx: GitHubContext, inputs: Inputs, env: ModeEnv): Promise<void> {
  const config = await loadActionConfig(ctx, env.event.repo, { path: inputs.config, timeZone: inputs.timeZone });
  const result = await sweep(ctx, config, { recheck: recheckDesign, deps: { loadExemptions: env.deps.loadExemptions } });
  const text = describeSweep(result);
  logInfo(text);
  core.setOutput('changes', String(result.transitions.length));
  await writeSummary(`### assure sweep\n\n\`\`\`\n${text}\`\`\`\n`, env.env);
}
