// The App as Probot's own template tests an app: a Probot instance with a generated key, GitHub's API
// mocked with nock, webhooks handed to probot.receive. Every request is checked against GitHub's OpenAPI
// description before nock sees it, and every mock must have been used.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { createApp } from '../../app/index.js';
import { artefactCache } from '../../github/design/artefacts.js';
import { configCache } from '../../github/config/load.js';
import { exemptionCache } from '../../github/exceptions/store.js';
import { fixedClock } from '../../src/index.js';
import { assertAcceptedByOpenApi, openApiCheckPlugin } from '../../sim/openapi-check.js';
import { createGitHubSim, type GitHubSim } from '../../sim/github.js';
import { pullRequestEvent } from '../../sim/webhooks.js';
import { BETA, BETA_TREE, COMPLIANT, COMPLIANT_TREE } from '../github/harness.js';
import { testKeys } from '../keys.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const API = 'https://api.github.com';
const RAW = { 'content-type': 'text/plain; charset=utf-8' };

// Payloads come from the local GitHub's builders, which produce what GitHub's webhook schemas accept.
let sim: GitHubSim;
let installationId: number;
beforeAll(async () => {
  nock.disableNetConnect();
  sim = await createGitHubSim({ now: '2026-11-22T10:00:00Z' });
  sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': 'x' } });
  installationId = sim.installationId('acme');
});
afterAll(async () => {
  nock.enableNetConnect();
  await sim.close();
});

function pullRequestOpened(files: Record<string, string>): { payload: Record<string, unknown>; sha: string; number: number } {
  const head = `branch-${sim.state.repo('acme/app').nextNumber}`;
  const pr = sim.openPullRequest({ repo: 'acme/app', author: 'dev', head, files });
  const { payload } = pullRequestEvent(sim, { repo: 'acme/app', number: pr.number as number, action: 'opened' });
  return { payload, sha: sim.branchSha('acme/app', head), number: pr.number as number };
}

function probotWith(options: { retries?: boolean } = {}): Probot {
  const retry = options.retries ? { enabled: true, retryAfterBaseValue: 1 } : { enabled: false };
  return new Probot({
    appId: 123,
    privateKey,
    Octokit: ProbotOctokit.plugin(openApiCheckPlugin).defaults((instanceOptions: object) => ({ ...instanceOptions, retry, throttle: { enabled: false } })),
  });
}

/** A nock body matcher that insists GitHub's description accepts the request, and keeps the body. */
function accepted(method: string, path: string, into?: unknown[]): (body: unknown) => boolean {
  return (body) => {
    assertAcceptedByOpenApi(method, path, body);
    into?.push(body);
    return true;
  };
}

function github(sha: string, config: 'none' | string = 'none') {
  const scope = nock(API)
    .post(`/app/installations/${installationId}/access_tokens`)
    .reply(200, { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z', permissions: { checks: 'write', contents: 'read' } });
  if (config === 'none') {
    scope.get('/repos/acme/app/contents/.github%2Fassure.yml').reply(404).get('/repos/acme/.github/contents/.github%2Fassure.yml').reply(404);
  } else {
    // The repository's own file, then the organisation's (the root it may only tighten).
    scope.get('/repos/acme/app/contents/.github%2Fassure.yml').reply(200, config, RAW).get('/repos/acme/.github/contents/.github%2Fassure.yml').reply(404);
  }
  return scope;
}

/**
 * The repository's files as GitHub serves them to the collectors: one recursive tree listing, then one
 * GraphQL query reading each selected file by alias (answered from `files`, as GitHub would). `optional`
 * for a tree whose files no collector selects, where the query is never sent.
 */
function evidence(sha: string, files: Record<string, string>, options: { optional?: boolean } = {}): void {
  const tree = Object.entries(files).map(([path, text]) => ({ path, mode: '100644', type: 'blob', sha: 'a'.repeat(40), size: Buffer.byteLength(text), url: `${API}/repos/acme/app/git/blobs/${'a'.repeat(40)}` }));
  nock(API)
    .get(`/repos/acme/app/git/trees/${sha}`)
    .query({ recursive: '1' })
    .reply(200, { sha, url: `${API}/repos/acme/app/git/trees/${sha}`, tree, truncated: false });
  const read = nock(API).post('/graphql', (body: { variables?: Record<string, string> }) => body.variables?.owner === 'acme' && body.variables.name === 'app');
  if (options.optional) read.optionally();
  read.reply(200, (_uri, body) => {
      const repository: Record<string, unknown> = {};
      for (const [key, value] of Object.entries((body as { variables: Record<string, string> }).variables)) {
        if (!/^e\d+$/.test(key)) continue;
        expect(value.startsWith(`${sha}:`)).toBe(true);
        const text = files[value.slice(sha.length + 1)];
        repository[`f${key.slice(1)}`] = text === undefined ? null : { text, isBinary: false, isTruncated: false, byteSize: Buffer.byteLength(text) };
      }
      return { data: { repository } };
    });
}

function checkRunsFor(scope: nock.Scope, sha: string, runs: unknown[] = []): nock.Scope {
  return scope
    .get(`/repos/acme/app/commits/${sha}/check-runs`)
    .query({ check_name: 'assure', filter: 'all', per_page: '100' })
    .reply(200, { total_count: runs.length, check_runs: runs });
}

beforeEach(() => {
  configCache.clear();
  artefactCache.clear();
  exemptionCache.clear();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe('the App on pull_request events', () => {
  it('asks GitHub for its slug once, and gives a repository without a manifest a neutral check that says how to start', async () => {
    const probot = probotWith();
    await probot.load(createApp({ keys: testKeys(), clock: fixedClock('2026-11-22T10:00:00Z') }));
    const { payload, sha } = pullRequestOpened({ 'src/app.js': 'x' });
    const bodies: unknown[] = [];
    const scope = github(sha);
    evidence(sha, { 'src/app.js': 'x' }, { optional: true });
    nock(API).get('/app').reply(200, { id: 123, slug: 'assure-dfe', name: 'assure' });
    checkRunsFor(scope, sha)
      .post('/repos/acme/app/check-runs', accepted('POST', '/repos/acme/app/check-runs', bodies))
      .reply(201, { id: 1 })
      .get(`/repos/acme/app/contents/design.yml`)
      .query({ ref: sha })
      .reply(404)
      .patch('/repos/acme/app/check-runs/1', accepted('PATCH', '/repos/acme/app/check-runs/1', bodies))
      .reply(200, { id: 1 })
      .get('/repos/acme/app/issues/1/comments')
      .query({ per_page: '100' })
      .reply(200, [{ id: 5, user: { login: 'assure-dfe[bot]' }, body: 'an ordinary comment' }]);
    await probot.receive({ id: 'delivery-1', name: 'pull_request', payload } as never);
    expect(bodies[0]).toMatchObject({ name: 'assure', head_sha: sha, status: 'in_progress', external_id: 'delivery-1' });
    expect(bodies[1]).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'No design manifest: run `npx assure-design init` to start' } });
    expect((bodies[1] as { output: { summary: string } }).output.summary).toContain('npx assure-design init');
  });

  it('fails a manifest that does not parse, with an annotation on its line, and comments once', async () => {
    const probot = probotWith();
    await probot.load(createApp({ keys: testKeys(), clock: fixedClock('2026-11-22T10:00:00Z'), botLogin: 'assure[bot]' }));
    const { payload, sha, number } = pullRequestOpened({ 'design.yml': 'service:\n  name: A\n  bad: [\n' });
    const bodies: unknown[] = [];
    const comments: unknown[] = [];
    checkRunsFor(github(sha), sha)
      .post('/repos/acme/app/check-runs', accepted('POST', '/repos/acme/app/check-runs'))
      .reply(201, { id: 2 })
      .get('/repos/acme/app/contents/design.yml')
      .query({ ref: sha })
      .reply(200, 'service:\n  name: A\n  bad: [\n', RAW)
      .patch('/repos/acme/app/check-runs/2', accepted('PATCH', '/repos/acme/app/check-runs/2', bodies))
      .reply(200, { id: 2 })
      .get(`/repos/acme/app/issues/${number}/comments`)
      .query({ per_page: '100' })
      .reply(200, [])
      .post(`/repos/acme/app/issues/${number}/comments`, accepted('POST', `/repos/acme/app/issues/${number}/comments`, comments))
      .reply(201, { id: 10 });
    await probot.receive({ id: 'delivery-2', name: 'pull_request', payload } as never);
    const update = bodies[0] as { conclusion: string; output: { title: string; annotations: Array<{ start_line: number; path: string }> } };
    expect(update.conclusion).toBe('failure');
    expect(update.output.title).toMatch(/^design\.yml line 4: invalid YAML/);
    expect(update.output.annotations).toEqual([expect.objectContaining({ path: 'design.yml', start_line: 4, annotation_level: 'failure' })]);
    expect((comments[0] as { body: string }).body).toMatch(/^<!-- assure:pr-comment -->/);
  });

  it('passes a compliant design and leaves the pull request without a comment', async () => {
    const probot = probotWith();
    await probot.load(createApp({ keys: testKeys(), clock: fixedClock('2026-11-22T10:00:00Z'), botLogin: 'assure[bot]' }));
    const { payload, sha, number } = pullRequestOpened({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    evidence(sha, { ...COMPLIANT_TREE });
    const bodies: unknown[] = [];
    checkRunsFor(github(sha), sha)
      .post('/repos/acme/app/check-runs', accepted('POST', '/repos/acme/app/check-runs'))
      .reply(201, { id: 3 })
      .get('/repos/acme/app/contents/design.yml')
      .query({ ref: sha })
      .reply(200, COMPLIANT, RAW)
      .get('/repos/acme/app/issues')
      .query({ labels: 'assure: exception', state: 'all', per_page: '100' })
      .reply(200, [])
      .patch('/repos/acme/app/check-runs/3', accepted('PATCH', '/repos/acme/app/check-runs/3', bodies))
      .reply(200, { id: 3 })
      .get(`/repos/acme/app/issues/${number}/comments`)
      .query({ per_page: '100' })
      .reply(200, [{ id: 77, user: { login: 'someone' }, body: '<!-- assure:pr-comment -->\nnot the bot' }]);
    await probot.receive({ id: 'delivery-3', name: 'pull_request', payload } as never);
    // The one warning is true of the test repository: GitHub shows it in acme, not DFE-Digital.
    expect(bodies[0]).toMatchObject({ conclusion: 'success', output: { title: 'Compliant, 1 warning' } });
    expect((bodies[0] as { output: { summary: string } }).output.summary).toContain('transfer the repository to the DFE-Digital organisation');
  });

  it("edits the bot's comment in place for a design that is not compliant", async () => {
    const probot = probotWith();
    await probot.load(createApp({ keys: testKeys(), clock: fixedClock('2026-11-22T10:00:00Z'), botLogin: 'assure[bot]' }));
    const { payload, sha, number } = pullRequestOpened({ ...BETA_TREE, 'design.yml': BETA });
    evidence(sha, { ...BETA_TREE });
    const edits: unknown[] = [];
    checkRunsFor(github(sha, 'mode: blocking\n'), sha)
      .post('/repos/acme/app/check-runs', accepted('POST', '/repos/acme/app/check-runs'))
      .reply(201, { id: 4 })
      .get('/repos/acme/app/contents/design.yml')
      .query({ ref: sha })
      .reply(200, BETA, RAW)
      .get('/repos/acme/app/issues')
      .query({ labels: 'assure: exception', state: 'all', per_page: '100' })
      .reply(200, [])
      .patch('/repos/acme/app/check-runs/4', accepted('PATCH', '/repos/acme/app/check-runs/4'))
      .reply(200, { id: 4 })
      .get(`/repos/acme/app/issues/${number}/comments`)
      .query({ per_page: '100' })
      .reply(200, [
        { id: 70, user: { login: 'someone' }, body: '<!-- assure:pr-comment -->\nplanted' },
        { id: 71, user: { login: 'assure[bot]' }, body: '<!-- assure:pr-comment -->\nold report' },
      ])
      .patch('/repos/acme/app/issues/comments/71', accepted('PATCH', '/repos/acme/app/issues/comments/71', edits))
      .reply(200, { id: 71 });
    await probot.receive({ id: 'delivery-4', name: 'pull_request', payload } as never);
    expect((edits[0] as { body: string }).body).toContain('GOV-mandated-notify');
  });

  it('does nothing again for a redelivered webhook whose check run is complete', async () => {
    const probot = probotWith();
    await probot.load(createApp({ keys: testKeys(), clock: fixedClock('2026-11-22T10:00:00Z'), botLogin: 'assure[bot]' }));
    const { payload, sha } = pullRequestOpened({ ...BETA_TREE, 'design.yml': BETA });
    checkRunsFor(github(sha), sha, [
      { id: 8, name: 'assure', head_sha: sha, external_id: 'other', status: 'completed', conclusion: 'failure' },
      { id: 9, name: 'assure', head_sha: sha, external_id: 'delivery-5', status: 'completed', conclusion: 'failure' },
    ]);
    await probot.receive({ id: 'delivery-5', name: 'pull_request', payload } as never);
  });

  it('retries a GitHub 5xx (retry plugin on) and still concludes the check', async () => {
    const probot = probotWith({ retries: true });
    await probot.load(createApp({ keys: testKeys(), clock: fixedClock('2026-11-22T10:00:00Z'), botLogin: 'assure[bot]' }));
    const { payload, sha, number } = pullRequestOpened({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    evidence(sha, { ...COMPLIANT_TREE });
    const bodies: unknown[] = [];
    checkRunsFor(github(sha), sha)
      .post('/repos/acme/app/check-runs', accepted('POST', '/repos/acme/app/check-runs'))
      .reply(201, { id: 6 })
      .get('/repos/acme/app/contents/design.yml')
      .query({ ref: sha })
      .reply(502, { message: 'Bad Gateway' })
      .get('/repos/acme/app/contents/design.yml')
      .query({ ref: sha })
      .reply(200, COMPLIANT, RAW)
      .get('/repos/acme/app/issues')
      .query({ labels: 'assure: exception', state: 'all', per_page: '100' })
      .reply(200, [])
      .patch('/repos/acme/app/check-runs/6')
      .reply(500, { message: 'Server Error' })
      .patch('/repos/acme/app/check-runs/6', accepted('PATCH', '/repos/acme/app/check-runs/6', bodies))
      .reply(200, { id: 6 })
      .get(`/repos/acme/app/issues/${number}/comments`)
      .query({ per_page: '100' })
      .reply(200, []);
    await probot.receive({ id: 'delivery-6', name: 'pull_request', payload } as never);
    expect(bodies[0]).toMatchObject({ conclusion: 'success' });
  });

  it('reports a configuration error as a failing check', async () => {
    const probot = probotWith();
    await probot.load(createApp({ keys: testKeys(), clock: fixedClock('2026-11-22T10:00:00Z'), botLogin: 'assure[bot]' }));
    const { payload, sha } = pullRequestOpened({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    const bodies: unknown[] = [];
    checkRunsFor(github(sha, 'mode: sometimes\n'), sha)
      .post('/repos/acme/app/check-runs', accepted('POST', '/repos/acme/app/check-runs'))
      .reply(201, { id: 7 })
      .patch('/repos/acme/app/check-runs/7', accepted('PATCH', '/repos/acme/app/check-runs/7', bodies))
      .reply(200, { id: 7 });
    await probot.receive({ id: 'delivery-7', name: 'pull_request', payload } as never);
    expect(bodies[0]).toMatchObject({ conclusion: 'failure', output: { title: 'Configuration error in .github/assure.yml line 1' } });
    expect((bodies[0] as { output: { summary: string } }).output.summary).toContain('mode: must be one of');
  });
});
