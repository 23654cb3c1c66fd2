// The register of designs: a compliant design merged to the default branch gets one issue, kept up to date.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onPullRequestClosed } from '../../github/handlers.js';
import { registerMarker } from '../../github/design-register/register.js';
import type { Exemption } from '../../src/index.js';
import { pullRequestEvent } from '../../sim/webhooks.js';
import { BETA, BETA_TREE, COMPLIANT, COMPLIANT_TREE, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: '2026-11-22T10:00:00Z' });
  h.sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': 'exceptions:\n  repository: acme/architecture\nlabels:\n  prefix: arch\n' } });
  h.sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': '# app\n' } });
  h.sim.addRepo({ owner: 'acme', name: 'architecture', files: { 'README.md': 'x' } });
});
afterEach(async () => {
  expect(h.sim.rejected).toEqual([]);
  await h.close();
});

type Payload = Parameters<typeof onPullRequestClosed>[1];

function merge(files: Record<string, string>, head: string, base?: string): Payload {
  const pr = h.sim.openPullRequest({ repo: 'acme/app', author: 'dev', head, files, ...(base ? { base } : {}) });
  h.sim.mergePullRequest('acme/app', pr.number as number, { by: 'lead' });
  return pullRequestEvent(h.sim, { repo: 'acme/app', number: pr.number as number, action: 'closed' }).payload as unknown as Payload;
}

function registerIssues() {
  return h.sim.issues('acme/architecture').filter((i) => i.labels.includes('arch: design register'));
}

describe('registering a design', () => {
  it('opens one issue for a compliant design, with its summary, and updates it on the next merge', async () => {
    const result = await onPullRequestClosed(h.ctx(), merge({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT }, 'first'));
    expect(result.registered?.action).toBe('created');
    const [issue] = registerIssues();
    expect(issue?.title).toBe('Design register: acme/app');
    expect(issue?.user).toBe(h.sim.botLogin);
    const body = issue?.body ?? '';
    expect(body.startsWith(registerMarker('acme/app'))).toBe(true);
    expect(body).toContain('| Design | Register trainee teachers |');
    expect(body).toContain('| Phase | live |');
    expect(body).toContain('| Area | teaching-workforce |');
    expect(body).toContain('| Team | Register team (DFE-Digital/register-trainee-teachers) |');
    expect(body).toContain('| Registered | 2026-11-22 |');
    const commit = h.sim.branchSha('acme/app', 'main');
    expect(body).toContain(`[${commit.slice(0, 7)}](https://github.com/acme/app/commit/${commit})`);
    expect(body).toMatch(/#### Artefacts met \((\d+)\)/);
    expect(Number(/#### Artefacts met \((\d+)\)/.exec(body)?.[1])).toBeGreaterThan(10);
    expect(body).toContain('#### Exemptions in force (0)');

    h.sim.advance(86_400_000);
    const second = await onPullRequestClosed(h.ctx(), merge({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT.replace('phase: live', 'phase: public-beta') }, 'second'));
    expect(second.registered).toEqual({ issueNumber: issue?.number, action: 'updated' });
    expect(registerIssues()).toHaveLength(1);
    expect(registerIssues()[0]?.body).toContain('| Phase | public-beta |');
    expect(registerIssues()[0]?.body).toContain('| Registered | 2026-11-23 |');
  });

  it('lists the exemptions in force', async () => {
    const exemption: Exemption = { id: 'EX-4', artefact: 'GOV-mandated-notify', kind: 'minor', status: 'approved', expires: '2027-02-28', repository: 'acme/app', url: 'https://github.com/acme/architecture/issues/4' };
    const result = await onPullRequestClosed(h.ctx(), merge({ ...BETA_TREE, 'design.yml': BETA }, 'beta'), { loadExemptions: async () => [exemption] });
    expect(result.registered?.action).toBe('created');
    const body = registerIssues()[0]?.body ?? '';
    expect(body).toContain('#### Exemptions in force (1)');
    expect(body).toContain('| [EX-4](https://github.com/acme/architecture/issues/4) | GOV-mandated-notify | minor | 2027-02-28 |');
    expect(body).toContain('| Phase | public-beta |');
  });

  it('does not register a design that is not compliant', async () => {
    const result = await onPullRequestClosed(h.ctx(), merge({ ...BETA_TREE, 'design.yml': BETA }, 'beta'));
    expect(result).toEqual({ skipped: 'not compliant' });
    expect(registerIssues()).toEqual([]);
  });

  it('ignores a pull request closed without merging, and one merged into another branch', async () => {
    const pr = h.sim.openPullRequest({ repo: 'acme/app', author: 'dev', head: 'x', files: { ...COMPLIANT_TREE, 'design.yml': COMPLIANT } });
    h.sim.closePullRequest('acme/app', pr.number as number);
    const closed = pullRequestEvent(h.sim, { repo: 'acme/app', number: pr.number as number, action: 'closed' }).payload as unknown as Payload;
    expect(await onPullRequestClosed(h.ctx(), closed)).toEqual({ skipped: 'not merged' });
    h.sim.pushCommit('acme/app', 'release', { 'notes.md': 'x' });
    expect(await onPullRequestClosed(h.ctx(), merge({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT }, 'y', 'release'))).toEqual({ skipped: 'merged into release, not main' });
    expect(registerIssues()).toEqual([]);
  });

  it('a redelivered merge event leaves the one issue unchanged', async () => {
    const payload = merge({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT }, 'first');
    await onPullRequestClosed(h.ctx(), payload);
    const again = await onPullRequestClosed(h.ctx(), payload);
    expect(again.registered?.action).toBe('unchanged');
    expect(registerIssues()).toHaveLength(1);
  });
});
