// The real Probot server from app/server.ts, configured only by environment variables, pointed at the
// local GitHub and sent signed webhooks over HTTP, as GitHub would.
import { generateKeyPairSync } from 'node:crypto';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readEnv, startServer, type RunningServer } from '../../app/server.js';
import { artefactCache } from '../../github/design/artefacts.js';
import { configCache } from '../../github/config/load.js';
import { createGitHubSim, type GitHubSim } from '../../sim/github.js';
import { LocalProbotOctokit } from '../../scripts/support/local-octokit.js';
import { checkRunEvent, deliver, pullRequestEvent } from '../../sim/webhooks.js';
import { root } from '../helpers.js';
import { keyEnv } from '../keys.js';
import { BETA, BETA_TREE, COMPLIANT, COMPLIANT_TREE } from '../github/harness.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const SECRET = 'webhook-secret';

let sim: GitHubSim;
let server: RunningServer | undefined;

beforeEach(async () => {
  configCache.clear();
  artefactCache.clear();
  sim = await createGitHubSim({ now: '2026-11-22T10:00:00Z', appId: 4242, appSlug: 'assure', appPrivateKey: privateKey });
  sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': 'x' } });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  expect(sim.rejected).toEqual([]);
  await sim.close();
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { APP_ID: '4242', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, ...keyEnv(), GITHUB_API_URL: sim.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...extra };
}

function opened(files: Record<string, string>): { number: number; event: ReturnType<typeof pullRequestEvent> } {
  const pr = sim.openPullRequest({ repo: 'acme/app', author: 'dev', head: `b${sim.state.repo('acme/app').nextNumber}`, files });
  return { number: pr.number as number, event: pullRequestEvent(sim, { repo: 'acme/app', number: pr.number as number, action: 'opened' }) };
}

describe('the App server', () => {
  it('waits out secondary rate limits and retries, rather than failing the delivery (as Probot does by default)', async () => {
    server = await startServer({ env: env(), clock: sim.clock, Octokit: LocalProbotOctokit });
    const { number, event } = opened({ ...BETA_TREE, 'design.yml': BETA });
    sim.injectFaults({ seed: 3, rateSecondaryLimit: 1, limit: 2, only: (r) => r.method !== 'GET' });
    expect(await deliver(server.webhookUrl, { ...event, secret: SECRET, id: 'guid-limits', appId: 4242 })).toBe(200);
    expect(sim.requests.filter((r) => r.fault === 'secondary-rate-limit')).toHaveLength(2);
    expect(sim.checkRuns('acme/app')).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure' })]);
    expect(sim.comments('acme/app', number)).toHaveLength(1);
  });

  it('checks a pull request from a signed webhook, and a redelivery of it changes nothing', async () => {
    server = await startServer({ env: env(), clock: sim.clock, Octokit: LocalProbotOctokit });
    const { number, event } = opened({ ...BETA_TREE, 'design.yml': BETA });
    const status = await deliver(server.webhookUrl, { ...event, secret: SECRET, id: 'guid-1', appId: 4242 });
    expect(status).toBe(200);
    expect(sim.checkRuns('acme/app')).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure', externalId: 'guid-1' })]);
    const comments = sim.comments('acme/app', number);
    expect(comments.map((c) => c.user)).toEqual(['assure[bot]']);

    expect(await deliver(server.webhookUrl, { ...event, secret: SECRET, id: 'guid-1', appId: 4242 })).toBe(200);
    expect(sim.checkRuns('acme/app')).toHaveLength(1);
    expect(sim.comments('acme/app', number)).toHaveLength(1);
  });

  it('wires re-run requests and merges to their handlers', async () => {
    server = await startServer({ env: env(), clock: sim.clock, Octokit: LocalProbotOctokit });
    const { number, event } = opened({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    await deliver(server.webhookUrl, { ...event, secret: SECRET, appId: 4242 });
    const [run] = sim.checkRuns('acme/app');
    expect(await deliver(server.webhookUrl, { ...checkRunEvent(sim, { checkRunId: run?.id ?? 0, action: 'rerequested', sender: 'dev' }), secret: SECRET, appId: 4242 })).toBe(200);
    expect(sim.checkRuns('acme/app')).toHaveLength(2);
    sim.mergePullRequest('acme/app', number, { by: 'lead' });
    const closed = pullRequestEvent(sim, { repo: 'acme/app', number, action: 'closed' });
    expect(await deliver(server.webhookUrl, { ...closed, secret: SECRET, appId: 4242 })).toBe(200);
    expect(sim.issues('acme/app').map((i) => [i.title, i.labels])).toEqual([['Design register: acme/app', ['assure: design register']]]);
  });

  it('refuses a webhook with the wrong signature and does nothing', async () => {
    server = await startServer({ env: env(), clock: sim.clock, Octokit: LocalProbotOctokit });
    const { event } = opened({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    const before = sim.requests.length;
    expect(await deliver(server.webhookUrl, { ...event, secret: 'not-the-secret', appId: 4242 })).toBe(400);
    expect(sim.requests.length).toBe(before);
    expect(sim.checkRuns('acme/app')).toEqual([]);
  });

  it('reaches GitHub Enterprise Server style addresses through GHE_HOST and GHE_PROTOCOL', async () => {
    const host = new URL(sim.url).host;
    server = await startServer({ env: { ...env({ GHE_HOST: host, GHE_PROTOCOL: 'http' }), GITHUB_API_URL: undefined }, clock: sim.clock, Octokit: LocalProbotOctokit });
    const { event } = opened({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    expect(await deliver(server.webhookUrl, { ...event, secret: SECRET, appId: 4242 })).toBe(200);
    expect(sim.checkRuns('acme/app')).toEqual([expect.objectContaining({ conclusion: 'success' })]);
  });

  it('counts deliveries by event and outcome, their handling time, GitHub requests and the rate limit left on /metrics', async () => {
    server = await startServer({ env: env(), clock: sim.clock, Octokit: LocalProbotOctokit });
    const { event } = opened({ 'design.yml': COMPLIANT });
    expect(await deliver(server.webhookUrl, { ...event, secret: SECRET, appId: 4242 })).toBe(200);
    expect(await deliver(server.webhookUrl, { ...event, secret: 'not-the-secret', appId: 4242 })).toBe(400);
    // A body declared larger than GitHub ever sends is refused before it is read.
    const tooLarge = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(server!.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(26 * 1024 * 1024), 'x-github-event': 'push' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
        req.destroy();
      });
      req.on('error', reject);
      req.write('{"a":');
    });
    expect(tooLarge).toBe(413);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^assure_webhook_deliveries_total\{event="pull_request",outcome="handled"\} 1$/m);
    expect(text).toMatch(/^assure_webhook_deliveries_total\{event="pull_request",outcome="refused"\} 1$/m);
    expect(text).toMatch(/^assure_webhook_deliveries_total\{event="push",outcome="refused"\} 1$/m);
    expect(text).toMatch(/^assure_webhook_handling_seconds_count\{event="pull_request"\} 2$/m);
    expect(Number(/^assure_github_requests_total\{method="POST",status="201"\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(text).toMatch(/^assure_github_rate_limit_remaining \d+$/m);
  });

  it('answers the health check', async () => {
    server = await startServer({ env: env(), clock: sim.clock, Octokit: LocalProbotOctokit });
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok\n');
  });
});

describe('the environment', () => {
  it('names every missing variable', () => {
    expect(() => readEnv({})).toThrow('Missing environment: APP_ID, WEBHOOK_SECRET, PRIVATE_KEY (or PRIVATE_KEY_PATH), ASSURE_SIGNING_KEY, ASSURE_SIGNING_KEY_ID. See docs/app.md for what each one is.');
  });

  it('refuses values that cannot work', () => {
    const base = { APP_ID: '1', PRIVATE_KEY: 'k', WEBHOOK_SECRET: 's', ...keyEnv() };
    expect(() => readEnv({ ...base, APP_ID: 'assure' })).toThrow('APP_ID must be the App\'s numeric id, not "assure"');
    expect(() => readEnv({ ...base, PORT: 'eighty' })).toThrow('PORT must be a port number, not "eighty"');
    expect(() => readEnv({ ...base, GITHUB_API_URL: 'not a url' })).toThrow('is not a URL');
    expect(() => readEnv({ ...base, ASSURE_SIGNING_KEY_ID: 'has space' })).toThrow('ASSURE_SIGNING_KEY_ID must name the key');
    expect(() => readEnv({ ...base, ASSURE_VERIFY_KEYS: 'old:bm90' })).toThrow('ASSURE_VERIFY_KEYS');
  });

  it('defaults to github.com, port 3000 and localhost', () => {
    expect(readEnv({ APP_ID: '1', PRIVATE_KEY: 'k', WEBHOOK_SECRET: 's', ...keyEnv() })).toMatchObject({ appId: 1, secret: 's', port: 3000, host: 'localhost', baseUrl: 'https://api.github.com' });
    expect(readEnv({ APP_ID: '1', PRIVATE_KEY: 'k', WEBHOOK_SECRET: 's', ...keyEnv(), GHE_HOST: 'github.example.org' }).baseUrl).toBe('https://github.example.org/api/v3');
  });
});

describe('app.yml', () => {
  it('asks for exactly the permissions and events the App uses', () => {
    const manifest = parse(readFileSync(join(root, 'app.yml'), 'utf8')) as { default_permissions: Record<string, string>; default_events: string[] };
    expect(manifest.default_permissions).toEqual({ checks: 'write', pull_requests: 'read', issues: 'write', contents: 'read', members: 'read', metadata: 'read' });
    expect([...manifest.default_events].sort()).toEqual(['check_run', 'check_suite', 'issue_comment', 'issues', 'pull_request']);
  });
});
