// What a sweep costs in GitHub requests: N exemptions seeded in the local GitHub, none due for a
// reminder or expiry, swept twice; the second sweep is the steady state (the first also writes the
// exemptions register once).
import { createGitHubSim } from '../../sim/github.js';
import { approvedRecord, seedException } from '../support/seeded-exceptions.js';
import { createClient } from '../../github/client.js';
import { loadConfig } from '../../github/config/load.js';
import type { GitHubContext } from '../../github/context.js';
import { sweep } from '../../github/sweep/sweep.js';
import { recordSigning } from '../loadtest/scenario.js';

export interface SweepCost {
  exemptions: number;
  requests: number;
  writes: number;
  ms: number;
}

export async function measureSweepCost(count: number): Promise<SweepCost> {
  const sim = await createGitHubSim({ now: '2026-11-22T10:00:00Z' });
  try {
    sim.addRepo({ owner: 'acme', name: 'architecture', files: { '.github/assure.yml': 'exceptions:\n  repository: acme/architecture\n' } });
    const keys = recordSigning().keys;
    const ctx: GitHubContext = {
      gh: createClient({ token: sim.createInstallationToken('acme'), baseUrl: sim.url, retries: false }),
      clock: sim.clock,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      botLogin: sim.botLogin,
      keys,
      membership: 'teams',
    };
    const config = await loadConfig(ctx, { owner: 'acme', repo: 'architecture' });
    for (let i = 0; i < count; i++) {
      const design = `acme/app${i % 50}`;
      const record = approvedRecord({ design, designUrl: `https://github.com/${design}`, source: `${design}#comment-${i}`, expires: '2027-11-01' });
      seedException(sim, 'acme/architecture', config, record, keys, '2026-11-22');
    }
    await sweep(ctx, config);
    const from = sim.requests.length;
    const started = performance.now();
    const result = await sweep(ctx, config);
    const ms = performance.now() - started;
    const requests = sim.requests.slice(from);
    return { exemptions: result.exemptions, requests: requests.length, writes: requests.filter((r) => r.method !== 'GET' && r.operationId !== 'graphql').length, ms };
  } finally {
    await sim.close();
  }
}
