// The sweep against the local GitHub: reminders at each offset, once; expiry at the end of the last day in
// the organisation's time zone, whatever the clocks do; a challenge's realign-by date; idempotency; the
// register and review issues; and what a sweep over 10,000 exemptions costs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweep } from '../../github/sweep/sweep.js';
import { describeSweep } from '../../github/sweep/describe.js';
import { recheckDesign } from '../../github/handlers.js';
import { loadConfig } from '../../github/config/load.js';
import { readRecord, type ExceptionRecord } from '../../github/exceptions/record.js';
import { loadExemptions } from '../../github/exceptions/store.js';
import { pullRequestEvent } from '../../sim/webhooks.js';
import { onPullRequest } from '../../github/handlers.js';
import type { AssureConfig } from '../../github/config/types.js';
import { BETA, BETA_TREE, startHarness, type Harness } from './harness.js';
import { approvedRecord, seedException } from '../../scripts/support/seeded-exceptions.js';
import { testKeys } from '../keys.js';

const CONFIG = `exceptions:
  repository: acme/architecture
deciders:
  architecture: acme/architects
`;

let h: Harness;
let config: AssureConfig;
beforeEach(async () => {
  h = await startHarness({ now: '2026-11-22T10:00:00Z' });
  h.sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': CONFIG } });
  h.sim.addRepo({ owner: 'acme', name: 'app', files: { '.github/assure.yml': CONFIG, 'README.md': '# app\n' } });
  h.sim.addRepo({ owner: 'acme', name: 'architecture', files: { '.github/assure.yml': CONFIG } });
  config = await loadConfig(h.ctx(), { owner: 'acme', repo: 'architecture' });
});
afterEach(async () => {
  expect(h.sim.rejected, 'requests GitHub would refuse').toEqual([]);
  await h.close();
});

function seed(overrides: Partial<ExceptionRecord> = {}): number {
  return seedException(h.sim, 'acme/architecture', config, approvedRecord(overrides), testKeys(), '2026-11-22');
}

function recordOf(number: number): ExceptionRecord {
  const read = readRecord(h.sim.issue('acme/architecture', number).body, testKeys(), { repository: 'acme/architecture', issue: number });
  if (!read.ok || read.record.type !== 'exception') throw new Error('untrusted');
  return read.record;
}

function botComments(number: number): string[] {
  return h.sim.comments('acme/architecture', number).filter((c) => c.user === h.sim.botLogin).map((c) => c.body);
}

/** Requests that change something: every method but GET, and no GraphQL query (a POST that only reads). */
function writes(mark: () => Harness['sim']['requests']): number {
  return mark().filter((r) => r.method !== 'GET' && r.operationId !== 'graphql').length;
}

const run = (options: Parameters<typeof sweep>[2] = {}) => sweep(h.ctx(), config, { recheck: recheckDesign, ...options });

describe('reminders', () => {
  it('reminds once at 30, 7 and 1 days before the end, labelling it expiring soon', async () => {
    const issue = seed();
    for (const [at, offset] of [['2027-01-29T09:00:00Z', 30], ['2027-02-21T09:00:00Z', 7], ['2027-02-27T09:00:00Z', 1]] as const) {
      h.sim.setNow(at);
      const first = await run();
      expect(first.transitions).toEqual([expect.objectContaining({ issue, change: 'remind', offset })]);
      const mark = h.mark();
      const again = await run();
      expect(again.transitions).toEqual([]);
      expect(writes(mark)).toBe(0);
    }
    const reminders = botComments(issue).filter((b) => b.includes('reminder'));
    expect(reminders).toHaveLength(3);
    expect(reminders[0]).toContain('in 30 days');
    expect(reminders[0]).toContain('@alice @acme/architects');
    expect(reminders[2]).toContain('in 1 day');
    expect(h.sim.issue('acme/architecture', issue).labels).toContain('assure: expiring soon');
    expect(recordOf(issue).reminded).toEqual([30, 7, 1]);
  });

  it('sends only the nearest reminder when sweeps were missed', async () => {
    const issue = seed();
    h.sim.setNow('2027-02-24T09:00:00Z');
    const result = await run();
    expect(result.transitions).toEqual([expect.objectContaining({ change: 'remind', offset: 7 })]);
    expect(recordOf(issue).reminded).toEqual([30, 7]);
    expect(botComments(issue).filter((b) => b.includes('reminder'))).toHaveLength(1);
  });

  it('plans without writing on a dry run, and says what it would do, never what it did', async () => {
    const lapsed = seed();
    const due = seed({ design: 'acme/web', expires: '2027-03-10' });
    h.sim.setNow('2027-03-05T09:00:00Z');
    const mark = h.mark();
    const result = await run({ dryRun: true });
    expect(result.transitions.map((t) => t.change).sort()).toEqual(['expire', 'remind']);
    expect(writes(mark)).toBe(0);
    const planned = describeSweep(result);
    expect(planned).toContain('would sweep acme/architecture as of 2027-03-05: 2 exception issue(s), 2 change(s)');
    expect(planned).toContain(`#${lapsed} acme/app GOV-mandated-notify: would expire (last day 2027-02-28)`);
    expect(planned).toContain(`#${due} acme/web GOV-mandated-notify: would remind, 7 day(s) before 2027-03-10`);
    expect(planned).toContain('exemptions register: would create');
    expect(planned).not.toMatch(/\b(created|updated|closed|expired|reminded|swept)\b/);

    const done = describeSweep(await run());
    expect(done).toContain('swept acme/architecture as of 2027-03-05: 2 exception issue(s), 2 change(s)');
    expect(done).toContain(`#${lapsed} acme/app GOV-mandated-notify: expired (last day 2027-02-28)`);
    expect(done).toContain(`#${due} acme/web GOV-mandated-notify: reminded, 7 day(s) before 2027-03-10`);
    expect(done).toContain('exemptions register: created');
    expect(done).not.toContain('would');
  });
});

describe('progress', () => {
  it('reports after each change, every 100th exception issue and the last', async () => {
    for (let i = 0; i < 250; i++) seed({ design: `acme/app${i}`, expires: i === 120 ? '2026-12-01' : '2027-11-01' });
    const seen: Array<[number, number]> = [];
    await run({ progress: (done, total) => void seen.push([done, total]) });
    const changed = seen.filter(([done]) => done % 100 !== 0 && done !== 250);
    expect(changed).toHaveLength(1);
    expect(seen.filter(([done]) => done % 100 === 0 || done === 250).map(([done]) => done)).toEqual([100, 200, 250]);
    expect(seen.every(([, total]) => total === 250)).toBe(true);
  }, 60_000);
});

describe('expiry', () => {
  it('expires after the last day, comments once, and the check fails again; a second sweep changes nothing', async () => {
    const pull = h.sim.openPullRequest({ repo: 'acme/app', author: 'dev', head: 'feature', files: { ...BETA_TREE, 'design.yml': BETA } }).number as number;
    const issue = seed();
    await onPullRequest(h.ctx(), pullRequestEvent(h.sim, { repo: 'acme/app', number: pull, action: 'opened' }).payload as never);
    const head = h.sim.branchSha('acme/app', 'feature');
    expect(h.sim.checkRuns('acme/app', head).at(-1)?.conclusion).toBe('success');

    h.sim.setNow('2027-02-28T23:59:00Z'); // 23:59 on the last day in London (GMT)
    expect((await run()).transitions.filter((t) => t.change === 'expire')).toEqual([]);
    h.sim.setNow('2027-03-01T00:00:00Z');
    const result = await run();
    expect(result.transitions).toEqual([expect.objectContaining({ issue, change: 'expire', end: '2027-02-28' })]);
    expect(result.rechecked).toEqual(['acme/app']);
    expect(recordOf(issue).status).toBe('expired');
    const shown = h.sim.issue('acme/architecture', issue);
    expect(shown.labels).toContain('assure: expired');
    expect(shown.labels).not.toContain('assure: expiring soon');
    expect(shown.state).toBe('closed');
    expect(botComments(issue).filter((b) => b.includes('ended on 2027-02-28'))).toHaveLength(1);
    expect(h.sim.checkRuns('acme/app', head).at(-1)?.conclusion).toBe('failure');

    const mark = h.mark();
    const again = await run();
    expect(again.transitions).toEqual([]);
    expect(writes(mark)).toBe(0);
    expect(botComments(issue).filter((b) => b.includes('ended on'))).toHaveLength(1);
  });

  it('counts the whole last day in London when the clocks have gone forward (BST)', async () => {
    const issue = seed({ expires: '2027-03-31' });
    h.sim.setNow('2027-03-31T22:59:59Z'); // 23:59:59 BST on the 31st
    await run();
    expect(recordOf(issue).status).toBe('approved');
    h.sim.setNow('2027-03-31T23:00:00Z'); // midnight BST: 1 April
    await run();
    expect(recordOf(issue).status).toBe('expired');
  });

  it('counts the whole last day in London when the clocks have gone back (GMT)', async () => {
    const issue = seed({ expires: '2027-10-31' });
    h.sim.setNow('2027-10-31T23:59:59Z'); // clocks went back at 01:00 UTC that morning: still the 31st
    await run();
    expect(recordOf(issue).status).toBe('approved');
    h.sim.setNow('2027-11-01T00:00:00Z');
    await run();
    expect(recordOf(issue).status).toBe('expired');
  });

  it("tracks an artefact challenge's realign-by date the same way", async () => {
    const issue = seed({ kind: 'challenge', expires: '2027-03-31', realignBy: '2027-02-15' });
    h.sim.setNow('2027-02-14T12:00:00Z');
    const reminded = await run();
    expect(reminded.transitions).toEqual([expect.objectContaining({ change: 'remind', offset: 1, end: '2027-02-15' })]);
    expect(botComments(issue).at(-1)).toContain('must realign with the artefact on 2027-02-15');
    h.sim.setNow('2027-02-16T12:00:00Z');
    await run();
    const record = recordOf(issue);
    expect(record.status).toBe('expired');
    expect(record.history.at(-1)?.note).toContain('realign-by date 2027-02-15');
    const exemptions = await loadExemptions(h.ctx(), config, 'acme/app');
    expect(exemptions[0]).toMatchObject({ status: 'expired' });
  });
});

describe('the register and the review issue', () => {
  it('keeps one register issue with counts and a Gantt chart, updated in place', async () => {
    seed();
    seed({ design: 'acme/other', artefact: 'DFE-TG-licensing', kind: 'major', area: 'schools', expires: '2027-05-01' });
    const first = await run();
    expect(first.register).toBe('created');
    const registers = h.sim.issues('acme/architecture').filter((i) => i.labels.includes('assure: exemptions register'));
    expect(registers).toHaveLength(1);
    const body = registers[0]!.body!;
    expect(body).toContain('2 exemption(s) in force');
    expect(body).toMatch(/```mermaid\ngantt\n/);
    // From approval (2026-11-22) through the last day (2027-02-28): 99 days.
    expect(body).toMatch(/\n {2}\d+ GOV-mandated-notify acme\/app :active, ex\d+, 2026-11-22, 99d\n/);
    expect(body).toContain('| major | 1 |');
    expect((await run()).register).toBe('unchanged');
    h.sim.setNow('2026-11-23T10:00:00Z');
    expect((await run()).register).toBe('updated');
    expect(h.sim.issues('acme/architecture').filter((i) => i.labels.includes('assure: exemptions register'))).toHaveLength(1);
  });

  it('lists artefacts past their review-by date in one issue, and closes it when none is', async () => {
    h.sim.setNow('2031-01-01T10:00:00Z');
    const result = await run();
    expect(result.review).toBe('created');
    expect(result.overdueArtefacts.length).toBeGreaterThan(0);
    const review = h.sim.issues('acme/architecture').find((i) => i.labels.includes('assure: review overdue'))!;
    expect(review.body).toContain('@acme/architects');
    expect((await run()).review).toBe('unchanged');
    h.sim.setNow('2026-11-23T10:00:00Z');
    expect((await run()).review).toBe('closed');
  });
});

describe('cost', () => {
  it('sweeps 10,000 exemptions with no transitions due in at most 150 requests and no writes', async () => {
    for (let i = 0; i < 10_000; i++) seed({ design: `acme/app${i % 40}`, expires: '2027-11-01', kind: 'major' });
    await run(); // creates the register issue
    const mark = h.mark();
    const result = await run();
    const requests = mark();
    expect(result.exemptions).toBe(10_000);
    expect(result.transitions).toEqual([]);
    expect(requests.filter((r) => r.method !== 'GET' && r.operationId !== 'graphql')).toEqual([]);
    expect(requests.length).toBeLessThanOrEqual(150);
  }, 120_000);
});
