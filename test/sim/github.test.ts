import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { createGitHubSim, type GitHubSim } from '../../sim/github.js';

const REPO = 'DFE-Digital/beta-service';
const o = { owner: 'DFE-Digital', repo: 'beta-service' };

type Octokit = InstanceType<typeof ProbotOctokit>;

function client(sim: GitHubSim, token: string, options: { retry?: boolean; throttle?: boolean } = {}): Octokit {
  return new ProbotOctokit({
    auth: { token },
    baseUrl: sim.url,
    retry: { enabled: options.retry ?? false },
    throttle: { enabled: options.throttle ?? false, onSecondaryRateLimit: () => true, onRateLimit: () => true },
  });
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

let sim: GitHubSim;
let gh: Octokit;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
});
afterAll(() => nock.enableNetConnect());

beforeEach(async () => {
  sim = await createGitHubSim({ now: '2026-02-02T10:00:00Z' });
  sim.addRepo({ owner: 'DFE-Digital', name: 'beta-service', files: { 'design.yml': 'service: beta\n', 'standards/a.yml': 'a', 'standards/deep/b.yml': 'b' } });
  gh = client(sim, sim.createInstallationToken('DFE-Digital'));
});

afterEach(async () => {
  await sim.close();
  // Every response the simulation gave conforms to GitHub's description of it.
  expect(sim.requests.filter((r) => r.responseErrors).map((r) => [r.operationId, r.responseErrors])).toEqual([]);
});

describe('check runs', () => {
  it('creates a run, appends annotations across PATCH pages as GitHub does, and lists them page by page', async () => {
    const pr = sim.openPullRequest({ repo: REPO, author: 'alice', head: 'feature', files: { 'design.yml': 'service: beta\nhosting: on-prem\n' } });
    const headSha = (pr.head as { sha: string }).sha;
    const created = await gh.rest.checks.create({ ...o, name: 'assure', head_sha: headSha, status: 'in_progress', external_id: 'delivery-1' });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: 'assure', head_sha: headSha, status: 'in_progress', conclusion: null, external_id: 'delivery-1' });
    expect(created.data.pull_requests.map((p) => p.number)).toEqual([pr.number]);

    const annotation = (line: number) => ({ path: 'design.yml', start_line: line, end_line: line, annotation_level: 'failure' as const, message: `line ${line}` });
    const lines = Array.from({ length: 120 }, (_, i) => i + 1);
    const pages = [lines.slice(0, 50), lines.slice(50, 100), lines.slice(100)];
    await gh.rest.checks.update({ ...o, check_run_id: created.data.id, conclusion: 'failure', output: { title: '3 failures', summary: 'first', annotations: pages[0]?.map(annotation) } });
    for (const page of pages.slice(1)) {
      await gh.rest.checks.update({ ...o, check_run_id: created.data.id, output: { title: '3 failures', summary: 'still', annotations: page.map(annotation) } });
    }

    const run = await gh.rest.checks.get({ ...o, check_run_id: created.data.id });
    expect(run.data).toMatchObject({ status: 'completed', conclusion: 'failure', completed_at: '2026-02-02T10:00:00Z', output: { title: '3 failures', summary: 'still', annotations_count: 120 } });
    const listed = await gh.paginate(gh.rest.checks.listAnnotations, { ...o, check_run_id: created.data.id, per_page: 50 });
    expect(listed.map((a) => a.start_line)).toEqual(lines);
    expect(listed[0]?.blob_href).toBe(`https://github.com/${REPO}/blob/${headSha}/design.yml`);
    expect(sim.requests.filter((r) => r.operationId === 'checks/list-annotations').map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(sim.rejected).toEqual([]);
  });

  it('finds runs for a ref by name and external id, latest per name by default', async () => {
    const sha = sim.branchSha(REPO);
    const first = await gh.rest.checks.create({ ...o, name: 'assure', head_sha: sha, external_id: 'a' });
    const second = await gh.rest.checks.create({ ...o, name: 'assure', head_sha: sha, external_id: 'b' });
    await gh.rest.checks.create({ ...o, name: 'other', head_sha: sha });
    const latest = await gh.rest.checks.listForRef({ ...o, ref: 'main', check_name: 'assure' });
    expect(latest.data.check_runs.map((r) => r.id)).toEqual([second.data.id]);
    const all = await gh.rest.checks.listForRef({ ...o, ref: sha, check_name: 'assure', filter: 'all' });
    expect(all.data.total_count).toBe(2);
    expect(all.data.check_runs.map((r) => r.external_id)).toEqual(['b', 'a']);
    expect(first.data.check_suite?.id).toBe(second.data.check_suite?.id);
  });

  it('refuses a completed status without a conclusion and an unknown head SHA, as GitHub does', async () => {
    await expect(gh.rest.checks.create({ ...o, name: 'assure', head_sha: sim.branchSha(REPO), status: 'completed' })).rejects.toSatisfy((e) => status(e) === 422);
    await expect(gh.rest.checks.create({ ...o, name: 'assure', head_sha: 'f'.repeat(40) })).rejects.toThrow(/No commit found for SHA/);
    expect(sim.checkRuns(REPO)).toEqual([]);
  });

  it('rejects a body GitHub would refuse with 422, logs it in rejected and changes nothing', async () => {
    const created = await gh.rest.checks.create({ ...o, name: 'assure', head_sha: sim.branchSha(REPO), status: 'in_progress' });
    const error: unknown = await gh.rest.checks.update({ ...o, check_run_id: created.data.id, conclusion: 'green' as 'success' }).catch((e: unknown) => e);
    expect(status(error)).toBe(422);
    expect(String((error as Error).message)).toMatch(/conclusion must be equal to one of the allowed values/);
    expect(sim.rejected).toHaveLength(1);
    expect(sim.rejected[0]).toMatchObject({ method: 'PATCH', path: `/repos/${REPO}/check-runs/${created.data.id}`, status: 422, body: { conclusion: 'green' } });
    expect(sim.rejected[0]?.errors?.join()).toMatch(/body\/conclusion/);
    expect(sim.checkRuns(REPO)[0]).toMatchObject({ status: 'in_progress', conclusion: null });
  });
});

describe('issues, comments and labels', () => {
  it('lists issues with per_page/page and Link headers, filtered by labels, state and since', async () => {
    for (let i = 1; i <= 250; i += 1) {
      sim.addIssue({ repo: REPO, title: `Exception ${i}`, author: 'assure[bot]', labels: i % 2 === 0 ? ['assure: exception', 'assure: approved'] : ['assure: exception'] });
    }
    const first = await gh.rest.issues.listForRepo({ ...o, labels: 'assure: exception', per_page: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toMatch(/<[^>]+[?&]page=2[^>]*>; rel="next", <[^>]+[?&]page=3[^>]*>; rel="last"/);
    expect(first.data[0]?.number).toBe(250);

    const all = await gh.paginate(gh.rest.issues.listForRepo, { ...o, labels: 'assure: exception', per_page: 100, direction: 'asc' });
    expect(all.map((i) => i.number)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(sim.requests.filter((r) => r.operationId === 'issues/list-for-repo')).toHaveLength(4);

    const approved = await gh.paginate(gh.rest.issues.listForRepo, { ...o, labels: 'ASSURE: approved,assure: exception', per_page: 100 });
    expect(approved).toHaveLength(125);
    expect(approved.every((i) => i.number % 2 === 0)).toBe(true);

    sim.advance(60_000);
    await gh.rest.issues.update({ ...o, issue_number: 7, state: 'closed' });
    const closed = await gh.rest.issues.listForRepo({ ...o, state: 'closed' });
    expect(closed.data.map((i) => i.number)).toEqual([7]);
    const since = await gh.rest.issues.listForRepo({ ...o, state: 'all', since: '2026-02-02T10:00:30Z' });
    expect(since.data.map((i) => i.number)).toEqual([7]);
    expect(since.data[0]).toMatchObject({ state: 'closed', closed_at: '2026-02-02T10:01:00Z', state_reason: 'completed' });
  });

  it('returns pull requests among issues, marked with pull_request, as GitHub does', async () => {
    sim.openPullRequest({ repo: REPO, author: 'alice', head: 'feature' });
    sim.addIssue({ repo: REPO, title: 'Gap', author: 'bob' });
    const listed = await gh.rest.issues.listForRepo(o);
    expect(listed.data.map((i) => [i.number, Boolean(i.pull_request)])).toEqual([[2, false], [1, true]]);
  });

  it('creates issues and comments as the App bot, with times from the simulation clock', async () => {
    const issue = await gh.rest.issues.create({ ...o, title: 'Exception: SEC-001', body: 'record', labels: ['assure: exception', { name: 'assure: minor' }] as string[] });
    expect(issue.status).toBe(201);
    expect(issue.data).toMatchObject({ number: 1, user: { login: 'assure[bot]', type: 'Bot' }, labels: [{ name: 'assure: exception' }, { name: 'assure: minor' }], created_at: '2026-02-02T10:00:00Z' });
    expect(issue.data.html_url).toBe(`https://github.com/${REPO}/issues/1`);

    sim.setNow('2026-02-03T08:00:00Z');
    const comment = await gh.rest.issues.createComment({ ...o, issue_number: 1, body: 'Recorded' });
    expect(comment.data).toMatchObject({ user: { login: 'assure[bot]' }, body: 'Recorded', created_at: '2026-02-03T08:00:00Z' });
    expect(comment.data.html_url).toBe(`https://github.com/${REPO}/issues/1#issuecomment-${comment.data.id}`);
    sim.addIssueComment({ repo: REPO, number: 1, author: 'carol', body: '/approve until 2026-06-30' });
    sim.setNow('2026-02-04T08:00:00Z');
    await gh.rest.issues.updateComment({ ...o, comment_id: comment.data.id, body: 'Recorded (v2)' });

    const comments = await gh.rest.issues.listComments({ ...o, issue_number: 1 });
    expect(comments.data.map((c) => [c.user?.login, c.body])).toEqual([
      ['assure[bot]', 'Recorded (v2)'],
      ['carol', '/approve until 2026-06-30'],
    ]);
    const recent = await gh.rest.issues.listComments({ ...o, issue_number: 1, since: '2026-02-04T00:00:00Z' });
    expect(recent.data.map((c) => c.body)).toEqual(['Recorded (v2)']);
    expect(sim.comments(REPO, 1).map((c) => c.user)).toEqual(['assure[bot]', 'carol']);
  });

  it('adds, sets and removes labels with GitHub status codes and bodies', async () => {
    sim.addIssue({ repo: REPO, title: 't', author: 'bob' });
    const added = await gh.rest.issues.addLabels({ ...o, issue_number: 1, labels: ['assure: exception', 'assure: requested'] });
    expect(added.status).toBe(200);
    expect(added.data.map((l) => l.name)).toEqual(['assure: exception', 'assure: requested']);
    const set = await gh.rest.issues.setLabels({ ...o, issue_number: 1, labels: ['assure: exception', 'assure: approved'] });
    expect(set.data.map((l) => l.name)).toEqual(['assure: exception', 'assure: approved']);
    const removed = await gh.rest.issues.removeLabel({ ...o, issue_number: 1, name: 'assure: approved' });
    expect(removed.status).toBe(200);
    expect(removed.data.map((l) => l.name)).toEqual(['assure: exception']);
    const missing: unknown = await gh.rest.issues.removeLabel({ ...o, issue_number: 1, name: 'assure: approved' }).catch((e: unknown) => e);
    expect(status(missing)).toBe(404);
    expect(String((missing as Error).message)).toMatch(/Label does not exist/);

    const label = await gh.rest.issues.createLabel({ ...o, name: 'assure: expired', color: 'b60205', description: 'Past its end date' });
    expect(label.status).toBe(201);
    expect((await gh.rest.issues.getLabel({ ...o, name: 'assure: expired' })).data).toMatchObject({ name: 'assure: expired', color: 'b60205', description: 'Past its end date' });
    const duplicate: unknown = await gh.rest.issues.createLabel({ ...o, name: 'ASSURE: EXPIRED' }).catch((e: unknown) => e);
    expect(status(duplicate)).toBe(422);
    expect((duplicate as { response: { data: unknown } }).response.data).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
    await expect(gh.rest.issues.getLabel({ ...o, name: 'nope' })).rejects.toSatisfy((e) => status(e) === 404);
    expect(sim.rejected).toEqual([]);
  });

  it('lets seeding act as other people, for tampering scenarios', async () => {
    sim.addIssue({ repo: REPO, title: 'Exception', body: 'record v1', author: 'assure[bot]', labels: ['assure: requested'] });
    sim.labelIssue(REPO, 1, 'assure: approved');
    const edit = sim.editIssue(REPO, 1, { body: 'forged' }, 'mallory');
    expect(edit.changes).toEqual({ body: { from: 'record v1' } });
    const issue = await gh.rest.issues.get({ ...o, issue_number: 1 });
    expect(issue.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['assure: requested', 'assure: approved']);
    expect(issue.data.body).toBe('forged');
  });
});

describe('repositories, contents and pull requests', () => {
  it('reads contents as base64, raw, or a directory listing, at a branch or a commit', async () => {
    const pr = sim.openPullRequest({ repo: REPO, author: 'alice', head: 'feature', files: { 'design.yml': 'service: beta\nhosting: cloud\n' } });
    const headSha = (pr.head as { sha: string }).sha;
    const main = await gh.rest.repos.getContent({ ...o, path: 'design.yml' });
    const file = main.data as { type: string; content: string; encoding: string; sha: string };
    expect(file.type).toBe('file');
    expect(file.encoding).toBe('base64');
    expect(Buffer.from(file.content, 'base64').toString('utf8')).toBe('service: beta\n');
    const atHead = (await gh.rest.repos.getContent({ ...o, path: 'design.yml', ref: headSha })).data as { content: string; sha: string };
    expect(Buffer.from(atHead.content, 'base64').toString('utf8')).toBe('service: beta\nhosting: cloud\n');
    expect(atHead.sha).not.toBe(file.sha);

    const raw = await gh.request('GET /repos/{owner}/{repo}/contents/{path}', { ...o, path: 'design.yml', ref: 'feature', mediaType: { format: 'raw' } });
    expect(raw.data).toBe('service: beta\nhosting: cloud\n');

    const dir = await gh.rest.repos.getContent({ ...o, path: 'standards' });
    expect((dir.data as Array<{ name: string; type: string; path: string }>).map((e) => [e.type, e.path])).toEqual([
      ['file', 'standards/a.yml'],
      ['dir', 'standards/deep'],
    ]);
    await expect(gh.rest.repos.getContent({ ...o, path: 'missing.yml' })).rejects.toSatisfy((e) => status(e) === 404);
    await expect(gh.rest.repos.getContent({ ...o, path: 'design.yml', ref: 'no-such-branch' })).rejects.toSatisfy((e) => status(e) === 404);
  });

  it('serves the repository, branches, commits and pull requests consistently', async () => {
    const pr = sim.openPullRequest({ repo: REPO, author: 'alice', head: 'feature', title: 'Move to cloud', files: { 'design.yml': 'x: 1\n' } });
    const repo = await gh.rest.repos.get(o);
    expect(repo.data).toMatchObject({ full_name: REPO, default_branch: 'main', private: false, visibility: 'public', owner: { login: 'DFE-Digital', type: 'Organization' } });
    const branch = await gh.rest.repos.getBranch({ ...o, branch: 'feature' });
    expect(branch.data.commit.sha).toBe((pr.head as { sha: string }).sha);
    const commit = await gh.rest.repos.getCommit({ ...o, ref: 'feature' });
    expect(commit.data.sha).toBe(branch.data.commit.sha);
    expect(commit.data.parents.map((p) => p.sha)).toEqual([sim.branchSha(REPO)]);

    const pushed = sim.pushCommit(REPO, 'feature', { 'design.yml': 'x: 2\n' });
    const got = await gh.rest.pulls.get({ ...o, pull_number: pr.number as number });
    expect(got.data).toMatchObject({ number: 1, title: 'Move to cloud', state: 'open', merged: false, user: { login: 'alice' }, head: { ref: 'feature', sha: pushed }, base: { ref: 'main', sha: sim.branchSha(REPO) } });
    const listed = await gh.rest.pulls.list({ ...o, head: 'DFE-Digital:feature' });
    expect(listed.data.map((p) => p.head.sha)).toEqual([pushed]);

    const merged = sim.mergePullRequest(REPO, 1, { by: 'carol' });
    expect(merged).toMatchObject({ state: 'closed', merged: true, merged_by: { login: 'carol' } });
    expect(sim.branchSha(REPO)).toBe(merged.merge_commit_sha);
    expect((await gh.rest.pulls.list(o)).data).toEqual([]);
    expect((await gh.rest.pulls.list({ ...o, state: 'closed' })).data.map((p) => p.merged_at)).toEqual(['2026-02-02T10:00:00Z']);
    const onMain = (await gh.rest.repos.getContent({ ...o, path: 'design.yml' })).data as { content: string };
    expect(Buffer.from(onMain.content, 'base64').toString('utf8')).toBe('x: 2\n');
  });
});

describe('teams and permissions', () => {
  it('answers team membership with state, and 404 for non-members', async () => {
    sim.addTeamMember('DFE-Digital', 'architecture', 'carol');
    sim.addTeamMember('DFE-Digital', 'architecture', 'dave', 'pending');
    const carol = await gh.rest.teams.getMembershipForUserInOrg({ org: 'DFE-Digital', team_slug: 'architecture', username: 'carol' });
    expect(carol.data).toMatchObject({ state: 'active', role: 'member' });
    const dave = await gh.rest.teams.getMembershipForUserInOrg({ org: 'DFE-Digital', team_slug: 'architecture', username: 'dave' });
    expect(dave.data.state).toBe('pending');
    await expect(gh.rest.teams.getMembershipForUserInOrg({ org: 'DFE-Digital', team_slug: 'architecture', username: 'alice' })).rejects.toSatisfy((e) => status(e) === 404);
    await expect(gh.rest.teams.getMembershipForUserInOrg({ org: 'DFE-Digital', team_slug: 'no-team', username: 'carol' })).rejects.toSatisfy((e) => status(e) === 404);
  });

  it("sets author_association as GitHub does: from ownership, access and merged work, never from teams", async () => {
    sim.addTeamMember('DFE-Digital', 'architecture', 'carol');
    sim.setPermission(REPO, 'erin', 'write');
    sim.openPullRequest({ repo: REPO, author: 'alice', head: 'feature' });
    sim.mergePullRequest(REPO, 1);
    for (const author of ['carol', 'erin', 'alice', 'DFE-Digital']) sim.addIssueComment({ repo: REPO, number: 1, author, body: 'hi' });
    const comments = await gh.rest.issues.listComments({ ...o, issue_number: 1 });
    expect(comments.data.map((c) => [c.user?.login, c.author_association])).toEqual([
      ['carol', 'NONE'],
      ['erin', 'COLLABORATOR'],
      ['alice', 'CONTRIBUTOR'],
      ['DFE-Digital', 'OWNER'],
    ]);
  });

  it("refuses membership to a workflow token, which cannot read teams, and reports collaborator permission", async () => {
    await sim.close();
    sim = await createGitHubSim({ tokens: [{ token: 'ghp_workflow' }] });
    sim.addRepo({ owner: 'DFE-Digital', name: 'beta-service' });
    sim.addTeamMember('DFE-Digital', 'architecture', 'carol');
    sim.setPermission(REPO, 'carol', 'maintain');
    const workflow = client(sim, 'ghp_workflow');
    const error: unknown = await workflow.rest.teams.getMembershipForUserInOrg({ org: 'DFE-Digital', team_slug: 'architecture', username: 'carol' }).catch((e: unknown) => e);
    expect(status(error)).toBe(403);
    expect(String((error as Error).message)).toMatch(/Resource not accessible by integration/);
    const permission = await workflow.rest.repos.getCollaboratorPermissionLevel({ ...o, username: 'carol' });
    expect(permission.data).toMatchObject({ permission: 'write', role_name: 'maintain', user: { login: 'carol' } });
    const issue = await workflow.rest.issues.create({ ...o, title: 'From the Action' });
    expect(issue.data.user?.login).toBe('github-actions[bot]');
  });
});

describe('authentication and installations', () => {
  it('requires a token, rejects unknown ones, and hides private repositories of other accounts', async () => {
    sim.addRepo({ owner: 'other-org', name: 'secret', visibility: 'private' });
    const anonymous = new ProbotOctokit({ baseUrl: sim.url, retry: { enabled: false }, throttle: { enabled: false } });
    await expect(anonymous.rest.repos.get(o)).rejects.toSatisfy((e) => status(e) === 401);
    await expect(client(sim, 'ghs_made_up').rest.repos.get(o)).rejects.toThrow(/Bad credentials/);
    await expect(gh.rest.repos.get({ owner: 'other-org', repo: 'secret' })).rejects.toSatisfy((e) => status(e) === 404);
  });

  it('lets Probot authenticate as the App (JWT signed with its key) and as an installation, also under /api/v3', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await sim.close();
    sim = await createGitHubSim({ appId: 4242, appPrivateKey: privateKey });
    sim.addRepo({ owner: 'DFE-Digital', name: 'beta-service' });
    const Octokit = ProbotOctokit.defaults((options: object) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));

    const probot = new Probot({ appId: 4242, privateKey, baseUrl: `${sim.url}/api/v3`, Octokit, logLevel: 'fatal' });
    const app = await probot.auth();
    expect((await app.rest.apps.getAuthenticated()).data).toMatchObject({ id: 4242, slug: 'assure' });
    const installation = await app.rest.apps.getRepoInstallation(o);
    expect(installation.data.id).toBe(sim.installationId('DFE-Digital'));
    const octokit = await probot.auth(installation.data.id);
    const repo = await octokit.rest.repos.get(o);
    expect(repo.data.url).toBe(`${sim.url}/api/v3/repos/${REPO}`);
    expect(sim.requests.map((r) => [r.operationId, r.actor])).toEqual([
      ['apps/get-authenticated', 'app'],
      ['apps/get-repo-installation', 'app'],
      ['apps/create-installation-access-token', 'app'],
      ['repos/get', String(installation.data.id)],
    ]);

    const impostor = new Probot({ appId: 4242, privateKey: otherKey, baseUrl: sim.url, Octokit, logLevel: 'fatal' });
    await expect((await impostor.auth()).rest.apps.getAuthenticated()).rejects.toSatisfy((e) => status(e) === 401);
  });

  it('scopes installation tokens to the permissions the installation granted', async () => {
    await sim.close();
    sim = await createGitHubSim();
    sim.addRepo({ owner: 'DFE-Digital', name: 'beta-service', install: false });
    sim.addInstallation({ account: 'DFE-Digital', permissions: { metadata: 'read', issues: 'read' } });
    const limited = client(sim, sim.createInstallationToken('DFE-Digital'));
    await expect(limited.rest.issues.listForRepo(o)).resolves.toMatchObject({ status: 200 });
    await expect(limited.rest.issues.create({ ...o, title: 'x' })).rejects.toThrow(/Resource not accessible by integration/);
    await expect(limited.rest.checks.create({ ...o, name: 'assure', head_sha: sim.branchSha(REPO) })).rejects.toSatisfy((e) => status(e) === 403);
  });

  it('reports rate-limit headers and enforces the limit when asked', async () => {
    const first = await gh.rest.repos.get(o);
    expect(first.headers['x-ratelimit-limit']).toBe('5000');
    expect(first.headers['x-ratelimit-remaining']).toBe('4999');
    await sim.close();
    sim = await createGitHubSim({ rateLimit: 2 });
    sim.addRepo({ owner: 'DFE-Digital', name: 'beta-service' });
    const limited = client(sim, sim.createInstallationToken('DFE-Digital'));
    await limited.rest.repos.get(o);
    await limited.rest.repos.get(o);
    const error: unknown = await limited.rest.repos.get(o).catch((e: unknown) => e);
    expect(status(error)).toBe(403);
    expect((error as { response: { headers: Record<string, string> } }).response.headers['x-ratelimit-remaining']).toBe('0');
    sim.advance(3_600_000);
    await expect(limited.rest.repos.get(o)).resolves.toMatchObject({ status: 200 });
  });
});

describe('fault injection', () => {
  async function run(seed: number): Promise<Array<string | undefined>> {
    const s = await createGitHubSim();
    s.addRepo({ owner: 'DFE-Digital', name: 'beta-service' });
    s.injectFaults({ seed, rate5xx: 0.2, rateSecondaryLimit: 0.2 });
    const c = client(s, s.createInstallationToken('DFE-Digital'));
    const outcome: Array<string | undefined> = [];
    for (let i = 0; i < 40; i += 1) {
      outcome.push(await c.rest.repos.get(o).then(() => 'ok', (e: unknown) => String(status(e))));
    }
    expect(s.requests.map((r) => r.fault ?? 'ok').filter((f) => f !== 'ok').length).toBe(outcome.filter((x) => x !== 'ok').length);
    await s.close();
    return outcome;
  }

  it('fails the same requests in the same way for the same seed, and differently for another', async () => {
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a)).toEqual(new Set(['ok', '403', ...a.filter((x) => x?.startsWith('5'))]));
    expect(a.filter((x) => x === '403').length).toBeGreaterThan(0);
    expect(a.filter((x) => x?.startsWith('5')).length).toBeGreaterThan(0);
  });

  it("answers a secondary rate limit the way Octokit's throttling recognises, and the retry succeeds", async () => {
    sim.injectFaults({ seed: 1, rateSecondaryLimit: 1, limit: 1 });
    const bare = await gh.rest.repos.get(o).catch((e: unknown) => e as { status: number; message: string; response: { headers: Record<string, string> } });
    expect(bare).toMatchObject({ status: 403, response: { headers: { 'retry-after': '1' } } });
    expect((bare as { message: string }).message).toMatch(/You have exceeded a secondary rate limit/);

    sim.injectFaults({ seed: 1, rateSecondaryLimit: 1, limit: 1 });
    const retrying = client(sim, sim.createInstallationToken('DFE-Digital'), { throttle: true });
    await expect(retrying.rest.repos.get(o)).resolves.toMatchObject({ status: 200 });
    expect(sim.requests.slice(-2).map((r) => [r.status, r.fault])).toEqual([
      [403, 'secondary-rate-limit'],
      [200, undefined],
    ]);
  });

  it('answers 5xx with no side effect, and the retry plugin recovers', async () => {
    sim.injectFaults({ seed: 3, rate5xx: 1, limit: 1, only: (r) => r.operationId === 'issues/create' });
    const retrying = client(sim, sim.createInstallationToken('DFE-Digital'), { retry: true });
    const created = await retrying.rest.issues.create({ ...o, title: 'Once only' });
    expect(created.status).toBe(201);
    expect(sim.issues(REPO).map((i) => i.title)).toEqual(['Once only']);
    expect(sim.requests.map((r) => r.fault ?? r.status)).toEqual(['server-error', 201]);
    expect(sim.requests[0]?.status).toBeGreaterThanOrEqual(500);
  });
});

describe('the server', () => {
  it('closes without leaving sockets or servers open', async () => {
    const handles = () => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP'));
    await sim.close();
    sim = await createGitHubSim();
    sim.addRepo({ owner: 'DFE-Digital', name: 'beta-service' });
    sim.injectFaults({ seed: 1, slowRate: 1, slowMs: 60_000, only: (r) => r.operationId === 'repos/get' });
    const c = client(sim, sim.createInstallationToken('DFE-Digital'));
    await c.rest.issues.listForRepo(o);
    const pending = c.rest.repos.get(o).catch(() => 'closed');
    while (!sim.requests.some((r) => r.operationId === 'repos/get')) await new Promise((resolve) => setImmediate(resolve));
    expect(handles()).toContain('TCPServerWrap');
    await sim.close();
    await expect(pending).resolves.toBe('closed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(handles()).toEqual([]);
    expect(sim.server.listening).toBe(false);
  });
});
