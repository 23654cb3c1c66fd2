// Two App replicas against the local GitHub, each with its own copy of the App's modules (as two processes
// have): what one process guarantees by handling deliveries for one thing one at a time, and by its
// caches, must hold across replicas through PEERS (app/peers.ts).
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../app/server.js';
import { ownerOf } from '../../app/peers.js';
import { createGitHubSim, type GitHubSim } from '../../sim/github.js';
import { deliver, issueCommentEvent, pullRequestEvent, type WebhookEvent } from '../../sim/webhooks.js';
import { LocalProbotOctokit } from '../../scripts/support/local-octokit.js';
import { freePorts } from '../../scripts/loadtest/balancer.js';
import { ARTEFACT, EXCEPTIONS, NOW, exceptionIssues, recordSigning, seed, type World } from '../../scripts/loadtest/scenario.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const SECRET = 'replicas-secret';
const REQUEST = `/exception ${ARTEFACT} minor\nReason: our SendGrid contract runs until February.\nUntil: 2027-02-28`;
const REPLY = /^<!-- assure:reply (\S+) -->/;

let sim: GitHubSim;
let world: World;
const signing = recordSigning();
let replicas: RunningServer[] = [];

beforeEach(async () => {
  sim = await createGitHubSim({ now: NOW, appId: 4242, appSlug: 'assure', appPrivateKey: privateKey });
  world = seed(sim, { repos: 4, pullsPerRepo: 1, rounds: 1, burstRate: 0, seed: 1 });
});
afterEach(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  replicas = [];
  expect(sim.rejected).toEqual([]);
  await sim.close();
});

/**
 * `count` replicas in this process, each importing the App afresh so that none shares another's
 * serialisation or caches; with `peers`, they know each other.
 */
async function start(count: number, peers: boolean): Promise<RunningServer[]> {
  const ports = await freePorts(count);
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  for (const [index, port] of ports.entries()) {
    vi.resetModules();
    const { startServer } = await import('../../app/server.js');
    const env = { APP_ID: '4242', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, ...signing.env, GITHUB_API_URL: sim.url, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent' as const };
    replicas.push(await startServer({ env: peers ? { ...env, PEERS: urls.join(','), SELF: String(index) } : env, clock: sim.clock, Octokit: LocalProbotOctokit }));
  }
  return replicas;
}

function send(replica: RunningServer, event: WebhookEvent, id: string): Promise<number> {
  return deliver(replica.webhookUrl, { ...event, secret: SECRET, appId: 4242, id });
}

function comment(repo: string, number: number, author: string, body: string): WebhookEvent {
  const made = sim.addIssueComment({ repo, number, author, body, authorAssociation: 'MEMBER' }) as { id: number };
  return issueCommentEvent(sim, { commentId: made.id, action: 'created' });
}

function replies(repo: string, number: number): string[] {
  return sim.comments(repo, number).flatMap((c) => (c.user === sim.botLogin ? (REPLY.exec(c.body)?.slice(1, 2) ?? []) : []));
}

async function forwarded(replica: RunningServer): Promise<number> {
  const values = (await replica.metrics.registry.getSingleMetric('assure_webhook_forwarded_total')!.get()).values;
  return values.filter((v) => v.labels.outcome === 'delivered').reduce((sum, v) => sum + v.value, 0);
}

function ownerIndex(repo: string, count: number): number {
  return ownerOf(sim.state.repo(repo).id, count);
}

/** The conclusion of the newest check run on the pull request's head commit. */
function latestConclusion(repo: string, number: number): string | null | undefined {
  const head = (pullRequestEvent(sim, { repo, number, action: 'synchronize' }).payload as { pull_request: { head: { sha: string } } }).pull_request.head.sha;
  return sim
    .checkRuns(repo)
    .filter((r) => r.headSha === head)
    .sort((a, b) => a.id - b.id)
    .at(-1)?.conclusion;
}

describe('replicas that know each other (PEERS)', () => {
  it('the same /exception delivery reaching two replicas at once opens one issue and is answered once', async () => {
    const [a, b] = await start(2, true);
    const pull = world.pulls[0]!;
    const event = comment(pull.repo, pull.number, pull.author, REQUEST);
    const statuses = await Promise.all([send(a!, event, 'same-delivery'), send(b!, event, 'same-delivery')]);
    expect(statuses).toEqual([200, 200]);
    expect([...exceptionIssues(sim, signing.keys).values()].flat()).toHaveLength(1);
    expect(sim.issues(EXCEPTIONS).filter((i) => i.user === sim.botLogin)).toHaveLength(1);
    expect(replies(pull.repo, pull.number)).toHaveLength(1);
    // One of them handled it; the other passed it on to the owner.
    expect((await forwarded(a!)) + (await forwarded(b!))).toBe(1);
  });

  it('an approval recorded by one replica holds on the next push to a design another replica owns', async () => {
    const [a, b] = await start(2, true);
    const both = [a!, b!];
    const pull = world.pulls.find((p) => ownerIndex(p.repo, 2) !== ownerIndex(EXCEPTIONS, 2));
    expect(pull, 'a design repository the exceptions repository does not share an owner with').toBeDefined();
    const designOwner = both[ownerIndex(pull!.repo, 2)]!;
    const exceptionsOwner = both[ownerIndex(EXCEPTIONS, 2)]!;
    // Sent to the replica that does not own each, so every delivery is passed on.
    expect(await send(exceptionsOwner, comment(pull!.repo, pull!.number, pull!.author, REQUEST), 'request')).toBe(200);
    const push = (): WebhookEvent => {
      pull!.pushes += 1;
      sim.pushCommit(pull!.repo, pull!.branch, { 'design.yml': `${pull!.design}\n# revision ${pull!.pushes}\n` }, { author: pull!.author });
      return pullRequestEvent(sim, { repo: pull!.repo, number: pull!.number, action: 'synchronize' });
    };
    // The design's owner checks a push and keeps the exemptions it read: requested, not yet approved.
    expect(await send(exceptionsOwner, push(), 'push-1')).toBe(200);
    expect(latestConclusion(pull!.repo, pull!.number)).toBe('failure');
    const [issue] = [...exceptionIssues(sim, signing.keys).values()].flat();
    expect(await send(designOwner, comment(EXCEPTIONS, issue!.number, 'carol', '/approve until 2027-02-28'), 'approve')).toBe(200);
    expect(latestConclusion(pull!.repo, pull!.number)).toBe('success');
    // The exceptions repository's owner told the design's owner, which reads the exemptions again.
    expect(await send(exceptionsOwner, push(), 'push-2')).toBe(200);
    expect(latestConclusion(pull!.repo, pull!.number)).toBe('success');
    expect((await forwarded(a!)) + (await forwarded(b!))).toBe(4);
  });
});
