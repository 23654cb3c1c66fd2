// What a sweep costs in GitHub requests: N exemptions seeded in the local GitHub, none due for a
// reminder or expiry, swept twice; the second sweep is the steady state (the first also writes the
// exemptions register once).
import { createGitHubSim } from '../../sim/github.js';
import { createClient } from '../../github/client.js';
import { loadConfig } from '../../github/config/load.js';
import { exceptionBody, labelsFor } from '../../github/exceptions/issue.js';
import type { ExceptionRecord } from '../../github/exceptions/record.js';
import type { GitHubContext } from '../../github/context.js';
import { sweep } from '../../github/sweep/index.js';

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
    const ctx: GitHubContext = {
      gh: createClient({ token: sim.createInstallationToken('acme'), baseUrl: sim.url, retries: false }),
      clock: sim.clock,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      botLogin: sim.botLogin,
      recordKey: 'bench',
      membership: 'teams',
    };
    const config = await loadConfig(ctx, { owner: 'acme', repo: 'architecture' });
    for (let i = 0; i < count; i++) {
      const record: ExceptionRecord = {
        v: 1,
        type: 'exception',
        design: `acme/app${i % 50}`,
        designUrl: `https://github.com/acme/app${i % 50}`,
        manifest: 'design.yml',
        source: `acme/app${i % 50}#comment-${i}`,
        artefact: 'GOV-mandated-notify',
        artefactTitle: 'Send email, text messages and letters through GOV.UK Notify',
        findings: [],
        rules: ['email-via-notify'],
        paths: [],
        kind: 'major',
        status: 'approved',
        tier: 'forum',
        requester: 'alice',
        reason: 'contract',
        conditions: [],
        expires: '2027-11-01',
        approvals: [{ by: 'carol', at: '2026-11-22T10:00:00Z', action: 'approve', until: '2027-11-01' }],
        history: [],
        reminded: [],
      };
      const issue = sim.addIssue({ repo: 'acme/architecture', title: 'exception', body: 'pending', author: sim.botLogin, labels: labelsFor(record, config, '2026-11-22') }) as { number: number };
      sim.editIssue('acme/architecture', issue.number, { body: exceptionBody({ ...record, issue: issue.number }, config, 'bench', '2026-11-22') }, sim.botLogin);
    }
    await sweep(ctx, config);
    const from = sim.requests.length;
    const started = performance.now();
    const result = await sweep(ctx, config);
    const ms = performance.now() - started;
    const requests = sim.requests.slice(from);
    return { exemptions: result.exemptions, requests: requests.length, writes: requests.filter((r) => r.method !== 'GET').length, ms };
  } finally {
    await sim.close();
  }
}
