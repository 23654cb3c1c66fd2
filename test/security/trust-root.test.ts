// The organisation is the trust root, end to end against the local GitHub: a design repository's own
// configuration cannot name its exceptions repository, its approvers or advisory mode (and the check says
// why, with the lines); the organisation can require a manifest; only writers may ask; keys rotate.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onIssueComment, onPullRequest } from '../../github/handlers.js';
import { exemptionCache, loadExemptions } from '../../github/exceptions/store.js';
import { configCache, loadConfig } from '../../github/config/load.js';
import { readRecord } from '../../github/exceptions/record.js';
import { issueCommentEvent, pullRequestEvent } from '../../sim/webhooks.js';
import { BETA, startHarness, type Harness } from '../github/harness.js';
import { testKeys, verifyOnly } from '../keys.js';
import { approvedRecord } from '../../scripts/support/seeded-exceptions.js';
import { createHmac } from 'node:crypto';

const ORG_CONFIG = 'exceptions:\n  repository: acme/architecture\ndeciders:\n  architecture: acme/architects\n';
// Everything here would loosen the organisation's configuration.
const LOOSE = 'manifest: design.yml\nmode: advisory\nexceptions:\n  repository: acme/app\ndeciders:\n  approvers: [mallory]\n  architecture: acme/friends\n';
const REQUEST = '/exception GOV-mandated-notify minor\nReason: contract\nUntil: 2027-03-31';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: '2026-11-22T10:00:00Z' });
  configCache.clear();
  exemptionCache.clear();
  h.sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': ORG_CONFIG } });
  h.sim.addRepo({ owner: 'acme', name: 'architecture', files: { 'README.md': '# architecture\n' } });
  h.sim.addTeamMember('acme', 'architects', 'carol');
  h.sim.addTeamMember('acme', 'friends', 'mallory');
});
afterEach(async () => {
  expect(h.sim.rejected, 'requests GitHub would refuse').toEqual([]);
  await h.close();
});

function openPull(files: Record<string, string | null>): number {
  return h.sim.openPullRequest({ repo: 'acme/app', author: 'dev', head: `b${Math.random().toString(36).slice(2, 8)}`, files }).number as number;
}

async function say(repo: string, number: number, author: string, body: string) {
  const comment = h.sim.addIssueComment({ repo, number, author, body, authorAssociation: 'MEMBER' }) as { id: number };
  return onIssueComment(h.ctx(), issueCommentEvent(h.sim, { commentId: comment.id, action: 'created' }).payload as never);
}

describe("a design repository's own configuration", () => {
  it('naming its own exceptions repository, approvers and advisory mode changes nothing, and the check says why, with the lines', async () => {
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { '.github/assure.yml': LOOSE } });
    h.sim.setPermission('acme/app', 'alice', 'write');
    const pull = openPull({ 'design.yml': BETA });
    await onPullRequest(h.ctx(), pullRequestEvent(h.sim, { repo: 'acme/app', number: pull, action: 'opened' }).payload as never);
    const run = h.sim.checkRuns('acme/app').at(-1)!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('Configuration not applied (4)');
    for (const key of ['mode', 'exceptions.repository', 'deciders.architecture', 'deciders.approvers']) expect(run.output.summary).toContain(`${key.replace(/_/g, '\\_')}: ignored`);
    // Never the organisation's own values: the repository may not be able to read them.
    expect(run.output.summary).not.toContain('acme/architects');
    const warnings = run.output.annotations.filter((a) => a.path === '.github/assure.yml');
    expect(warnings.map((a) => a.start_line).sort()).toEqual([2, 4, 6, 7]);

    // The exception goes to the organisation's exceptions repository, decided by its team.
    await say('acme/app', pull, 'alice', REQUEST);
    expect(h.sim.issues('acme/app').filter((i) => i.labels.includes('assure: exception'))).toEqual([]);
    const issue = h.sim.issues('acme/architecture').find((i) => i.labels.includes('assure: exception'))!;
    expect(issue.body).toContain('@acme/architects');
    await say('acme/architecture', issue.number, 'mallory', '/approve until 2027-02-28');
    const read = readRecord(h.sim.issue('acme/architecture', issue.number).body, testKeys(), { repository: 'acme/architecture', issue: issue.number });
    expect(read.ok && read.record.type === 'exception' && read.record.status).toBe('requested');
  });

  it('an organisation that requires a manifest fails a pull request that deletes it', async () => {
    h.sim.pushCommit('acme/.github', 'main', { '.github/assure.yml': `${ORG_CONFIG}require_manifest:\n  repositories: ['app*']\n` });
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { 'design.yml': BETA } });
    const pull = openPull({ 'design.yml': null });
    await onPullRequest(h.ctx(), pullRequestEvent(h.sim, { repo: 'acme/app', number: pull, action: 'opened' }).payload as never);
    const run = h.sim.checkRuns('acme/app').at(-1)!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe('Missing design manifest: design.yml');
  });

  it('an organisation that requires a manifest by topic fails a repository with that topic, and only that one', async () => {
    h.sim.pushCommit('acme/.github', 'main', { '.github/assure.yml': `${ORG_CONFIG}require_manifest:\n  topics: [Production]\n` });
    h.sim.addRepo({ owner: 'acme', name: 'app', topics: ['rails', 'production'], files: { 'README.md': '# app\n' } });
    h.sim.addRepo({ owner: 'acme', name: 'spike', topics: ['prototype'], files: { 'README.md': '# spike\n' } });
    for (const repo of ['app', 'spike']) {
      const pull = h.sim.openPullRequest({ repo: `acme/${repo}`, author: 'dev', head: 'feature', files: { 'src/index.js': 'x' } }).number as number;
      await onPullRequest(h.ctx(), pullRequestEvent(h.sim, { repo: `acme/${repo}`, number: pull, action: 'opened' }).payload as never);
    }
    expect(h.sim.checkRuns('acme/app').at(-1)).toMatchObject({ conclusion: 'failure', output: { title: 'Missing design manifest: design.yml' } });
    expect(h.sim.checkRuns('acme/spike').at(-1)?.conclusion).toBe('neutral');
  });

  it("a configuration reached through _extends in another repository is named on the check, never its keys or contents", async () => {
    h.sim.addRepo({ owner: 'acme', name: 'private-config', visibility: 'private', files: { '.github/assure.yml': 'mode: blocking\nproject_falcon_budget: 1200000\n' } });
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { '.github/assure.yml': '_extends: private-config\n', 'design.yml': BETA } });
    const pull = openPull({ 'design.yml': BETA });
    await onPullRequest(h.ctx(), pullRequestEvent(h.sim, { repo: 'acme/app', number: pull, action: 'opened' }).payload as never);
    const run = h.sim.checkRuns('acme/app').at(-1)!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('acme/private-config:.github/assure.yml');
    const shown = JSON.stringify(run.output);
    expect(shown).not.toContain('project_falcon');
    expect(shown).not.toContain('1200000');
  });

  it('asking for an exception needs write access: an organisation member with read access is refused', async () => {
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': '# app\n' } });
    h.sim.setPermission('acme/app', 'reader', 'read');
    const pull = openPull({ 'design.yml': BETA });
    const result = await say('acme/app', pull, 'reader', REQUEST);
    expect(result).toMatchObject({ handled: false });
    expect(h.sim.issues('acme/architecture')).toEqual([]);
    expect(h.sim.comments('acme/app', pull).at(-1)?.body).toContain('needs write access to acme/app');
  });
});

describe('keys', () => {
  it('a new signing key with a new id keeps records of the old one valid; a check with public keys alone trusts them', async () => {
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': '# app\n' } });
    h.sim.setPermission('acme/app', 'alice', 'write');
    const pull = openPull({ 'design.yml': BETA });
    await say('acme/app', pull, 'alice', REQUEST);
    const issue = h.sim.issues('acme/architecture')[0]!.number;
    await say('acme/architecture', issue, 'carol', '/approve until 2027-02-28');
    const config = await loadConfig(h.ctx(), { owner: 'acme', repo: 'app' });
    const approved = async (keys: ReturnType<typeof testKeys>) => {
      exemptionCache.clear();
      return (await loadExemptions(h.ctx({ keys }), config, 'acme/app')).filter((e) => e.status === 'approved').length;
    };
    expect(await approved(testKeys('test-2', ['test-1']))).toBe(1);
    expect(await approved(verifyOnly('test-1'))).toBe(1);
    // Once the old key is no longer listed, its records are not trusted (they are re-signed on the next write).
    expect(await approved(testKeys('test-2'))).toBe(0);
  });

  it('records signed before key ids (HMAC) keep verifying while the old key is configured, for their own issue only', async () => {
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': '# app\n' } });
    const config = await loadConfig(h.ctx(), { owner: 'acme', repo: 'app' });
    const legacy = 'the-old-record-key';
    const seed = (bound: number) => {
      const json = JSON.stringify({ ...approvedRecord(), v: 1, rev: undefined, issue: bound }).replace(/--/g, '-\\u002d');
      const signature = createHmac('sha256', legacy).update(json).digest('hex');
      return h.sim.addIssue({ repo: 'acme/architecture', title: 'old', body: `old\n\n<!-- assure:record\n${json}\nassure:signature ${signature}\n-->`, author: h.sim.botLogin, labels: ['assure: exception', 'assure: approved'] }) as { number: number };
    };
    const own = seed(1);
    seed(1); // the same record copied to issue 2: bound to issue 1, so worthless there
    expect(own.number).toBe(1);
    const approved = async (keys: ReturnType<typeof testKeys>) => {
      exemptionCache.clear();
      return (await loadExemptions(h.ctx({ keys }), config, 'acme/app')).filter((e) => e.status === 'approved').map((e) => e.id);
    };
    const withLegacy = testKeys();
    expect(await approved({ ...withLegacy, ring: { ...withLegacy.ring, legacyHmacKeys: [legacy] } })).toEqual(['acme/architecture#1']);
    expect(await approved(testKeys())).toEqual([]);
  });
});
