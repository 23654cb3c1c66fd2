import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { Ajv } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { Webhooks } from '@octokit/webhooks';
import { Probot, ProbotOctokit, createNodeMiddleware } from 'probot';
import { createGitHubSim, type GitHubSim } from '../../sim/github.js';
import {
  HOOKSHOT_USER_AGENT,
  checkRunEvent,
  checkSuiteEvent,
  deliver,
  installationEvent,
  issueCommentEvent,
  issuesEvent,
  pullRequestEvent,
  type WebhookEvent,
} from '../../sim/webhooks.js';

const REPO = 'DFE-Digital/beta-service';
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as FormatsPlugin;

interface Fixture {
  openapi: { events: Record<string, unknown> };
  webhooksSchemas: { events: Record<string, unknown> };
}
const fixture = JSON.parse(readFileSync('test/fixtures/webhook-schemas.json', 'utf8')) as Fixture;
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
addFormats(ajv);
ajv.addSchema({ ...fixture.openapi, $id: 'openapi-webhooks' });
ajv.addSchema({ ...fixture.webhooksSchemas, $id: 'webhooks-schemas' });

/** Problems with a payload under GitHub's description and under Octokit's schema. */
function schemaErrors(key: string, event: WebhookEvent): string[] {
  const problems: string[] = [];
  for (const source of ['openapi-webhooks', 'webhooks-schemas']) {
    const validate = ajv.getSchema(`${source}#/events/${key}`);
    if (!validate) {
      problems.push(`${source} has no schema for ${key}`);
      continue;
    }
    if (!validate(event.payload)) problems.push(...(validate.errors ?? []).map((e) => `${source} ${key}${e.instancePath} ${e.message}`));
  }
  return problems;
}

let sim: GitHubSim;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
});
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  sim = await createGitHubSim({ now: '2026-03-01T12:00:00Z' });
  sim.addRepo({ owner: 'DFE-Digital', name: 'beta-service', files: { 'design.yml': 'service: beta\n' } });
  sim.addRepo({ owner: 'DFE-Digital', name: 'architecture-exceptions' });
});
afterEach(() => sim.close());

describe('payload builders', () => {
  function scenario() {
    const pr = sim.openPullRequest({ repo: REPO, author: 'alice', head: 'feature', files: { 'design.yml': 'service: beta\nhosting: on-prem\n' } });
    const before = sim.branchSha(REPO, 'feature');
    const after = sim.pushCommit(REPO, 'feature', { 'design.yml': 'service: beta\nhosting: cloud\n' });
    const prComment = sim.addIssueComment({ repo: REPO, number: pr.number as number, author: 'alice', body: '/exception SEC-001 minor' });
    const issue = sim.addIssue({ repo: 'DFE-Digital/architecture-exceptions', title: 'Exception: SEC-001', author: 'assure[bot]', labels: ['assure: exception'] });
    const issueComment = sim.addIssueComment({ repo: 'DFE-Digital/architecture-exceptions', number: issue.number as number, author: 'carol', body: '/approve' });
    const edit = sim.editIssueComment(issueComment.id as number, '/approve until 2026-06-30');
    const token = sim.createInstallationToken('DFE-Digital');
    return { pr, before, after, prComment, issue, issueComment, edit, token };
  }

  async function completedRun(headSha: string, token: string): Promise<number> {
    const response = await fetch(`${sim.url}/repos/${REPO}/check-runs`, {
      method: 'POST',
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'assure', head_sha: headSha, conclusion: 'failure', output: { title: '1 failure', summary: 's' }, actions: [{ label: 'Request exception', description: 'How to ask', identifier: 'request-exception' }] }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: number }).id;
  }

  it("builds every event the App handles so that both of GitHub's webhook schemas accept it", async () => {
    const s = scenario();
    const runId = await completedRun(s.after, s.token);
    const exceptions = 'DFE-Digital/architecture-exceptions';
    sim.labelIssue(exceptions, s.issue.number as number, 'assure: approved');
    const edited = sim.editIssue(exceptions, s.issue.number as number, { body: 'forged' }, 'mallory');
    const events: Array<[string, WebhookEvent]> = [
      ['pull_request.opened', pullRequestEvent(sim, { repo: REPO, number: 1, action: 'opened' })],
      ['pull_request.synchronize', pullRequestEvent(sim, { repo: REPO, number: 1, action: 'synchronize' })],
      ['pull_request.reopened', pullRequestEvent(sim, { repo: REPO, number: 1, action: 'reopened' })],
      ['pull_request.ready_for_review', pullRequestEvent(sim, { repo: REPO, number: 1, action: 'ready_for_review' })],
      ['issue_comment.created', issueCommentEvent(sim, { commentId: s.prComment.id as number, action: 'created' })],
      ['issue_comment.created', issueCommentEvent(sim, { commentId: s.issueComment.id as number, action: 'created' })],
      ['issue_comment.edited', issueCommentEvent(sim, { commentId: s.issueComment.id as number, action: 'edited', changes: s.edit.changes })],
      ['issues.labeled', issuesEvent(sim, { repo: exceptions, number: 1, action: 'labeled', label: 'assure: approved', sender: 'mallory' })],
      ['issues.unlabeled', issuesEvent(sim, { repo: exceptions, number: 1, action: 'unlabeled', label: 'assure: exception', sender: 'mallory' })],
      ['issues.edited', issuesEvent(sim, { repo: exceptions, number: 1, action: 'edited', changes: edited.changes, sender: 'mallory' })],
      ['check_run.rerequested', checkRunEvent(sim, { checkRunId: runId, action: 'rerequested', sender: 'alice' })],
      ['check_run.requested_action', checkRunEvent(sim, { checkRunId: runId, action: 'requested_action', identifier: 'request-exception', sender: 'alice' })],
      ['check_suite.rerequested', checkSuiteEvent(sim, { repo: REPO, headSha: s.after, action: 'rerequested', sender: 'alice' })],
      ['installation.created', installationEvent(sim, { account: 'DFE-Digital', action: 'created', sender: 'alice' })],
      ['installation.deleted', installationEvent(sim, { account: 'DFE-Digital', action: 'deleted', sender: 'alice' })],
    ];
    sim.mergePullRequest(REPO, 1, { by: 'carol' });
    events.push(['pull_request.closed', pullRequestEvent(sim, { repo: REPO, number: 1, action: 'closed' })]);
    const abandoned = sim.openPullRequest({ repo: REPO, author: 'bob', head: 'abandoned' }).number as number;
    sim.closePullRequest(REPO, abandoned, { by: 'bob' });
    const closed = pullRequestEvent(sim, { repo: REPO, number: abandoned, action: 'closed' });
    expect(closed.payload.pull_request).toMatchObject({ state: 'closed', merged: false });
    events.push(['pull_request.closed', closed]);

    expect(events.flatMap(([key, event]) => schemaErrors(key, event))).toEqual([]);
    expect(new Set(events.map(([key]) => key))).toEqual(new Set(Object.keys(fixture.openapi.events)));
  });

  it('catches a payload that breaks the schema (the check is live)', () => {
    scenario();
    const event = pullRequestEvent(sim, { repo: REPO, number: 1, action: 'opened' });
    const broken = { ...event, payload: { ...event.payload, number: 'one' } };
    expect(schemaErrors('pull_request.opened', broken).join('\n')).toMatch(/openapi-webhooks pull_request\.opened\/number must be integer/);
  });

  it("draws every field from the simulation's state", async () => {
    const s = scenario();
    const installationId = sim.installationId('DFE-Digital');
    const sync = pullRequestEvent(sim, { repo: REPO, number: 1, action: 'synchronize' }).payload;
    expect(sync).toMatchObject({
      action: 'synchronize',
      number: 1,
      before: s.before,
      after: s.after,
      installation: { id: installationId },
      sender: { login: 'alice' },
      repository: { full_name: REPO, default_branch: 'main' },
      organization: { login: 'DFE-Digital' },
      pull_request: { head: { sha: s.after, ref: 'feature' }, base: { ref: 'main', sha: sim.branchSha(REPO) }, user: { login: 'alice' }, merged: false },
    });

    const onPr = issueCommentEvent(sim, { commentId: s.prComment.id as number, action: 'created' }).payload;
    expect((onPr.issue as { pull_request?: { url: string } }).pull_request?.url).toMatch(/\/pulls\/1$/);
    expect(onPr.comment).toMatchObject({ id: s.prComment.id, body: '/exception SEC-001 minor', user: { login: 'alice' }, author_association: 'NONE' });
    expect(s.edit.changes).toEqual({ body: { from: '/approve' } });
    const onIssue = issueCommentEvent(sim, { commentId: s.issueComment.id as number, action: 'edited' }).payload;
    expect(onIssue.issue).not.toHaveProperty('pull_request');
    expect(onIssue).toMatchObject({ changes: { body: { from: '/approve' } }, comment: { body: '/approve until 2026-06-30' }, repository: { full_name: 'DFE-Digital/architecture-exceptions' } });

    sim.editIssue('DFE-Digital/architecture-exceptions', s.issue.number as number, { title: 'Exception: SEC-001 (approved)' }, 'mallory');
    const edited = issuesEvent(sim, { repo: 'DFE-Digital/architecture-exceptions', number: s.issue.number as number, action: 'edited', sender: 'mallory' }).payload;
    expect(edited).toMatchObject({ changes: { title: { from: 'Exception: SEC-001' } }, issue: { title: 'Exception: SEC-001 (approved)' }, sender: { login: 'mallory' } });

    const runId = await completedRun(s.after, s.token);
    const click = checkRunEvent(sim, { checkRunId: runId, action: 'requested_action', identifier: 'request-exception', sender: 'bob' }).payload;
    expect(click).toMatchObject({ requested_action: { identifier: 'request-exception' }, sender: { login: 'bob' }, check_run: { id: runId, head_sha: s.after, conclusion: 'failure', check_suite: { head_sha: s.after, head_branch: 'feature' }, pull_requests: [{ number: 1 }] } });
  });

  it('refuses to build events GitHub would never send', async () => {
    const s = scenario();
    const response = await fetch(`${sim.url}/repos/${REPO}/check-runs`, {
      method: 'POST',
      headers: { authorization: `token ${s.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'assure', head_sha: s.after, status: 'in_progress' }),
    });
    const { id } = (await response.json()) as { id: number };
    expect(() => checkRunEvent(sim, { checkRunId: id, action: 'rerequested', sender: 'alice' })).toThrow(/only sent for a completed run/);
    expect(() => pullRequestEvent(sim, { repo: 'DFE-Digital/architecture-exceptions', number: 1, action: 'opened' })).toThrow(/not a pull request/);
  });
});

describe('deliver', () => {
  let receiver: http.Server;
  let url: string;
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];

  beforeEach(async () => {
    received.length = 0;
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`;
  });
  afterEach(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it("sends GitHub's headers and a signature that @octokit/webhooks verifies, and returns the status", async () => {
    sim.openPullRequest({ repo: REPO, author: 'alice', head: 'feature' });
    const event = pullRequestEvent(sim, { repo: REPO, number: 1, action: 'opened' });
    const status = await deliver(url, { ...event, secret: 'It is a secret', appId: 1 });
    expect(status).toBe(202);
    const [first] = received;
    expect(first?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'user-agent': HOOKSHOT_USER_AGENT,
      'x-github-hook-installation-target-type': 'integration',
      'x-github-hook-installation-target-id': '1',
    });
    expect(first?.headers['user-agent']).toMatch(/^GitHub-Hookshot\//);
    expect(first?.headers['x-github-delivery']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(first?.body ?? '')).toEqual(event.payload);
    const signature = String(first?.headers['x-hub-signature-256']);
    expect(await new Webhooks({ secret: 'It is a secret' }).verify(first?.body ?? '', signature)).toBe(true);
    expect(await new Webhooks({ secret: 'another secret' }).verify(first?.body ?? '', signature)).toBe(false);
  });

  it('reuses the delivery id on redelivery', async () => {
    sim.openPullRequest({ repo: REPO, author: 'alice', head: 'feature' });
    const event = pullRequestEvent(sim, { repo: REPO, number: 1, action: 'opened' });
    await deliver(url, { ...event, secret: 's', id: 'f1e2d3c4-0000-4000-8000-000000000001' });
    await deliver(url, { ...event, secret: 's', id: 'f1e2d3c4-0000-4000-8000-000000000001' });
    await deliver(url, { ...event, secret: 's' });
    const ids = received.map((r) => r.headers['x-github-delivery']);
    expect(ids[0]).toBe('f1e2d3c4-0000-4000-8000-000000000001');
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });
});

describe('a Probot app between the local GitHub and signed deliveries', () => {
  it('receives a verified event and acts on the simulation through its installation', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await sim.close();
    sim = await createGitHubSim({ appId: 77, appPrivateKey: privateKey });
    sim.addRepo({ owner: 'DFE-Digital', name: 'beta-service', files: { '.github/assure.yml': 'mode: advisory\n' } });
    sim.openPullRequest({ repo: REPO, author: 'alice', head: 'feature', files: { 'design.yml': 'service: beta\n' } });

    const Octokit = ProbotOctokit.defaults((options: object) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));
    const probot = new Probot({ appId: 77, privateKey, secret: 'webhook secret', baseUrl: sim.url, Octokit, logLevel: 'fatal' });
    await probot.load((app) => {
      app.on('pull_request.opened', async (context) => {
        const config = (await context.config('assure.yml')) as { mode?: string } | null;
        await context.octokit.rest.checks.create(
          context.repo({ name: 'assure', head_sha: context.payload.pull_request.head.sha, conclusion: config?.mode === 'advisory' ? 'neutral' : 'failure', output: { title: 'Checked', summary: 'ok' } }),
        );
      });
    });
    const middleware = await createNodeMiddleware(() => undefined, { probot });
    const server = http.createServer((req, res) => void middleware(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
    try {
      const event = pullRequestEvent(sim, { repo: REPO, number: 1, action: 'opened' });
      expect(await deliver(target, { ...event, secret: 'wrong secret' })).toBe(400);
      expect(sim.checkRuns(REPO)).toEqual([]);

      expect(await deliver(target, { ...event, secret: 'webhook secret' })).toBe(200);
      expect(sim.checkRuns(REPO).map((r) => [r.name, r.headSha, r.conclusion])).toEqual([['assure', sim.branchSha(REPO, 'feature'), 'neutral']]);
      expect(sim.requests.map((r) => r.operationId)).toEqual(['apps/create-installation-access-token', 'repos/get-content', 'checks/create']);
      expect(sim.rejected).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  });
});
