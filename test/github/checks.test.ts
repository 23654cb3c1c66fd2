// The pull request check against the local GitHub: what the check run, its annotations and the PR comment
// say in each case, that a redelivery changes nothing, and what a warm cache costs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubClient, createClient } from '../../github/client.js';
import type { Exemption } from '../../src/index.js';
import { onCheckRerun, onPullRequest } from '../../github/handlers.js';
import { rerunChecks, runCheck } from '../../github/checks/run.js';
import { loadConfig } from '../../github/config/load.js';
import { loadExemptions } from '../../github/exceptions/store.js';
import { PR_COMMENT_MARKER } from '../../github/checks/comment.js';
import { checkRunEvent, checkSuiteEvent, pullRequestEvent } from '../../sim/webhooks.js';
import { BETA, BETA_TREE, COMPLIANT, COMPLIANT_TREE, ORG_STACK, manyLanguages, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: '2026-11-22T10:00:00Z' });
});
afterEach(async () => {
  expect(h.sim.rejected, 'requests GitHub would refuse').toEqual([]);
  await h.close();
});

type PullPayload = Parameters<typeof onPullRequest>[1];

/** The design repository; `config` is the organisation's configuration (its `.github` repository). */
function setup(options: { config?: string; files?: Record<string, string> } = {}): void {
  if (options.config) h.sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': options.config } });
  h.sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': '# app\n', ...options.files } });
}

/** An acme/standards repository holding `files`, and the organisation's configuration naming its artefacts folder. */
function withStandards(files: Record<string, string>): void {
  h.sim.addRepo({ owner: 'acme', name: 'standards', files });
  setup({ config: 'artefacts:\n  sources:\n    - repository: acme/standards\n      path: artefacts\n' });
}

function openPull(files: Record<string, string | null>, head = 'feature'): number {
  return h.sim.openPullRequest({ repo: 'acme/app', author: 'dev', head, files }).number as number;
}

function prEvent(number: number, action: 'opened' | 'synchronize' = 'opened'): PullPayload {
  return pullRequestEvent(h.sim, { repo: 'acme/app', number, action }).payload as unknown as PullPayload;
}

function latestRun(): NonNullable<ReturnType<Harness['sim']['checkRuns']>[number]> {
  const runs = h.sim.checkRuns('acme/app');
  const run = runs[runs.length - 1];
  if (!run) throw new Error('no check run');
  return run;
}

function botComments(number: number) {
  return h.sim.comments('acme/app', number).filter((c) => c.user === h.sim.botLogin);
}

describe('the check run', () => {
  it('is neutral and says how to start when there is no manifest; no comment', async () => {
    setup();
    const number = openPull({ 'src/index.js': 'x' });
    const result = await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(result?.conclusion).toBe('neutral');
    expect(run.conclusion).toBe('neutral');
    expect(run.output.title).toMatch(/No design manifest/);
    expect(run.output.summary).toContain('npx assure-design init');
    expect(botComments(number)).toEqual([]);
  });

  it('fails with the parse error at its line when the manifest does not parse', async () => {
    setup();
    const number = openPull({ 'design.yml': 'service:\n  name: Broken\n  phase: [alpha\nusers: {}\n' });
    await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toMatch(/^design\.yml line \d+: invalid YAML/);
    const [annotation] = run.output.annotations;
    expect(annotation).toMatchObject({ path: 'design.yml', annotation_level: 'failure' });
    expect(annotation?.start_line).toBeGreaterThanOrEqual(3);
    expect(run.output.summary).toMatch(/\[design\.yml:\d+\]\(https:\/\/github\.com\/acme\/app\/blob\/[0-9a-f]{40}\/design\.yml#L\d+\)/);
    // Something to act on: the comment says so.
    expect(botComments(number)).toHaveLength(1);
  });

  it('fails a manifest the schema rejects, at the offending line', async () => {
    setup();
    const number = openPull({ 'design.yml': 'service:\n  name: X\n  phase: someday\n' });
    await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(run.conclusion).toBe('failure');
    expect(run.output.annotations.map((a) => [a.start_line, a.annotation_level])).toContainEqual([3, 'failure']);
  });

  it('succeeds for a compliant design and posts no comment', async () => {
    setup();
    const number = openPull({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(run.conclusion).toBe('success');
    // The one warning is true of the test repository: GitHub shows it in acme, not DFE-Digital.
    expect(run.output.title).toBe('Compliant, 1 warning');
    expect(run.output.summary).toContain('transfer the repository to the DFE-Digital organisation');
    expect(run.actions).toEqual([]);
    expect(h.sim.comments('acme/app', number)).toEqual([]);
  });

  it('fails a non-compliant design: findings link to their standard, annotations sit on the manifest lines', async () => {
    setup();
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA });
    await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe('Not compliant: 1 finding to fix');
    expect(run.output.summary).toContain('[GOV-mandated-notify](https://www.gov.uk/guidance/use-mandated-central-services)');
    const notify = run.output.annotations.find((a) => a.title?.startsWith('GOV-mandated-notify'));
    expect(notify).toMatchObject({ path: 'design.yml', start_line: 69, annotation_level: 'failure' });
    expect(notify?.message).toContain('Standard: https://www.gov.uk/guidance/use-mandated-central-services');
    expect(run.output.annotations.some((a) => a.annotation_level === 'warning')).toBe(true);
    expect(run.actions).toEqual([{ label: 'Request exception', description: 'Ask for an exception to a standard', identifier: 'request-exception' }]);
  });

  it("applies the organisation's ruleset from its standards repository: a rule off, another raised, both listed", async () => {
    const ruleset = 'extends: builtin\noverrides:\n  - artefact: GOV-mandated-notify\n    rules:\n      email-via-notify: off\n    reason: SendGrid contract to 2027\n  - artefact: DFE-ARCH-security-monitoring\n    rules:\n      siem: must\n';
    withStandards({ 'artefacts/ruleset.yml': ruleset });
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA });
    await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(run.conclusion).toBe('failure');
    const failing = run.output.annotations.filter((a) => a.annotation_level === 'failure').map((a) => a.title);
    expect(failing.some((t) => t?.startsWith('DFE-ARCH-security-monitoring siem'))).toBe(true);
    expect(failing.some((t) => t?.startsWith('GOV-mandated-notify'))).toBe(false);
    expect(run.output.summary).toContain('email-via-notify');
    expect(run.output.summary).toContain('SendGrid contract to 2027');
    expect(run.output.summary).toMatch(/siem[^\n]*must/);
  });

  it("refuses a ruleset that switches off a legal artefact, naming the ruleset's file and line", async () => {
    const ruleset = 'extends: builtin\noverrides:\n  - artefact: DDTS-data-protection\n    severity: off\n';
    withStandards({ 'artefacts/ruleset.yml': ruleset });
    const number = openPull({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('acme/standards/artefacts/ruleset.yml line 4 cannot be used (DDTS-data-protection encodes a legal requirement');
  });

  it('fails closed when a configured standard cannot be read: the design is never passed against fewer standards', async () => {
    const broken = ORG_STACK.replace('id: ORG-stack', 'id: ORG-broken').replace(/^rules:/m, 'rules: [\nnot yaml:');
    withStandards({ 'artefacts/ORG-broken.yml': broken });
    const number = openPull({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toMatch(/ORG-broken\.yml.*cannot be used/);
    expect(run.output.summary).toContain('was not checked against all the standards configured');
  });

  it('pages annotations 50 at a time and keeps one comment, edited in place on the next push', async () => {
    h.sim.addRepo({ owner: 'acme', name: 'standards', files: { 'artefacts/ORG-stack.yml': ORG_STACK, 'artefacts/ORG-stack.test.yml': 'cases: []\n', 'README.md': 'x' } });
    setup({ config: 'artefacts:\n  builtin: false\n  sources:\n    - repository: acme/standards\n      path: artefacts\n' });
    const number = openPull({ 'design.yml': manyLanguages(120) });
    await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(run.conclusion).toBe('failure');
    expect(run.output.annotations).toHaveLength(120);
    expect(new Set(run.output.annotations.map((a) => a.start_line)).size).toBe(120);
    const patches = h.sim.requests.filter((r) => r.method === 'PATCH' && r.path === `/repos/acme/app/check-runs/${run.id}`);
    expect(patches.map((p) => ((p.body as { output?: { annotations?: unknown[] } }).output?.annotations ?? []).length)).toEqual([50, 50, 20]);
    // A configured repository's artefact links to its source.
    expect(run.output.annotations[0]?.message).toContain('Standard: https://example.org/standards/stack');
    expect(run.output.annotations[0]?.raw_details).toBe('Move to .NET.');

    const [first] = botComments(number);
    const firstId = first?.id;
    const firstBody = first?.body ?? '';
    expect(firstBody.startsWith(PR_COMMENT_MARKER)).toBe(true);
    expect(firstBody).toContain('lang119');

    h.sim.pushCommit('acme/app', 'feature', { 'design.yml': manyLanguages(3) });
    await onPullRequest(h.ctx(), prEvent(number, 'synchronize'));
    const comments = botComments(number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(firstId);
    expect(comments[0]?.body).toContain('lang2');
    expect(comments[0]?.body).not.toContain('lang119');
    expect(latestRun().output.annotations).toHaveLength(3);
  });

  it('turns the comment into "nothing to act on" once the design complies, without a new comment', async () => {
    setup();
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA });
    await onPullRequest(h.ctx(), prEvent(number));
    expect(botComments(number)).toHaveLength(1);
    h.sim.pushCommit('acme/app', 'feature', { ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    await onPullRequest(h.ctx(), prEvent(number, 'synchronize'));
    const comments = botComments(number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('nothing to act on');
    expect(comments[0]?.body).toContain('Compliant');
  });

  it('is neutral in advisory mode, with the same findings', async () => {
    setup({ config: 'mode: advisory\n' });
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA });
    await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(run.conclusion).toBe('neutral');
    expect(run.output.title).toBe('Not compliant: 1 finding to fix');
    expect(run.output.summary).toContain('Advisory mode');
  });

  it('applies exemptions in force for the repository (and only for it)', async () => {
    setup();
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA });
    const exemption: Exemption = { id: 'EX-7', artefact: 'GOV-mandated-notify', kind: 'minor', status: 'approved', expires: '2027-01-31', repository: 'acme/app', url: 'https://github.com/acme/app/issues/7' };
    const seen: string[] = [];
    const loadExemptions = async (_ctx: unknown, _config: unknown, repo: string) => {
      seen.push(repo);
      return [exemption, { ...exemption, id: 'EX-8', repository: 'acme/other' }];
    };
    await onPullRequest(h.ctx(), prEvent(number), { loadExemptions });
    const run = latestRun();
    expect(seen).toEqual(['acme/app']);
    expect(run.conclusion).toBe('success');
    expect(run.output.summary).toContain('[EX-7](https://github.com/acme/app/issues/7)');
    expect(run.output.summary).not.toContain('EX-8');
  });
});

describe('configuration and standards come from the default branch only', () => {
  it('ignores a pull request that relaxes .github/assure.yml', async () => {
    setup({ config: 'mode: blocking\n' });
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA, '.github/assure.yml': 'mode: advisory\nmanifest: elsewhere.yml\n' });
    await onPullRequest(h.ctx(), prEvent(number));
    expect(latestRun().conclusion).toBe('failure');
    const configReads = h.sim.requests.filter((r) => r.path.includes('assure.yml'));
    expect(configReads.length).toBeGreaterThan(0);
    expect(configReads.every((r) => r.query.ref === undefined)).toBe(true);
  });

  it('ignores a pull request that relaxes the standards it is checked against', async () => {
    const loose = ORG_STACK.replace('enum: [dotnet]', 'type: string');
    setup({ config: 'artefacts:\n  builtin: false\n  sources:\n    - repository: acme/app\n      path: standards\n', files: { 'standards/ORG-stack.yml': ORG_STACK } });
    const number = openPull({ 'design.yml': manyLanguages(2), 'standards/ORG-stack.yml': loose });
    await onPullRequest(h.ctx(), prEvent(number));
    expect(latestRun().conclusion).toBe('failure');
    expect(latestRun().output.annotations).toHaveLength(2);
  });

  it('never serves one installation the standards another could read', async () => {
    h.sim.addRepo({ owner: 'acme', name: 'standards', visibility: 'private', files: { 'artefacts/ORG-stack.yml': ORG_STACK } });
    const config = 'artefacts:\n  sources:\n    - repository: acme/standards\n      path: artefacts\n';
    setup({ config });
    await onPullRequest(h.ctx(), prEvent(openPull({ 'design.yml': manyLanguages(1) })));
    expect(latestRun().conclusion).toBe('failure');
    expect(latestRun().output.annotations.some((a) => a.title?.startsWith('ORG-stack'))).toBe(true);

    h.sim.addRepo({ owner: 'other', name: 'app', files: { '.github/assure.yml': config } });
    const pr = h.sim.openPullRequest({ repo: 'other/app', author: 'dev', head: 'f', files: { 'design.yml': manyLanguages(1) } });
    const gh = createClient({ token: h.sim.createInstallationToken('other'), baseUrl: h.sim.url, retries: false });
    await onPullRequest(h.ctx({ gh }), pullRequestEvent(h.sim, { repo: 'other/app', number: pr.number as number, action: 'opened' }).payload as unknown as PullPayload);
    const [run] = h.sim.checkRuns('other/app');
    expect(run?.output.title).toBe('the standards could not be read');
    expect(run?.output.summary).toContain('acme/standards');
    expect(run?.output.summary).not.toContain('lang0');
  });

  it('reports a configuration error in the check run, naming the file, key and line', async () => {
    setup({ files: { '.github/assure.yml': 'mode: blocking\nexceptions:\n  max_days:\n    minor: lots\n' } });
    const number = openPull({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe('Configuration error in .github/assure.yml line 4');
    expect(run.output.summary).toContain('exceptions.max\\_days.minor: must be a whole number');
    expect(botComments(number)).toEqual([]);
  });

  it('reports YAML that does not parse in the configuration', async () => {
    setup({ files: { '.github/assure.yml': 'mode: [blocking\n' } });
    const number = openPull({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    await onPullRequest(h.ctx(), prEvent(number));
    expect(latestRun().conclusion).toBe('failure');
    expect(latestRun().output.summary).toMatch(/\.github\/assure\.yml:\d+ \| invalid YAML/);
  });

  it('fails (never passes on less) when a configured standards repository cannot be read', async () => {
    setup({ config: 'artefacts:\n  sources:\n    - repository: acme/missing\n' });
    const number = openPull({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe('the standards could not be read');
    expect(run.output.summary).toContain('acme/missing');
  });
});

describe('registers', () => {
  it('refuses a register path that leaves the repository', async () => {
    setup({ files: { 'secret.csv': 'a\n1\n' } });
    const school = 'kind: school\norganisation:\n  name: Trust\n  type: trust\nregisters:\n  assets:\n    file: ../../secret.csv\n';
    const number = openPull({ 'schools/design.yml': school });
    setupManifestPath('schools/design.yml');
    await onPullRequest(h.ctx(), prEvent(number));
    const run = latestRun();
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('is outside the repository');
    expect(h.sim.requests.some((r) => r.path.includes('secret.csv'))).toBe(false);
  });
});

function setupManifestPath(path: string): void {
  h.sim.pushCommit('acme/app', 'main', { '.github/assure.yml': `manifest: ${path}\n` });
}

describe('reliability', () => {
  it('a redelivered event makes no second check run and no second comment', async () => {
    setup();
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA });
    const ctx = h.ctx({ deliveryId: 'd-1' });
    await onPullRequest(ctx, prEvent(number));
    const before = h.sim.requests.length;
    const again = await onPullRequest(h.ctx({ deliveryId: 'd-1' }), prEvent(number));
    expect(again?.duplicate).toBe(true);
    expect(h.sim.checkRuns('acme/app')).toHaveLength(1);
    expect(botComments(number)).toHaveLength(1);
    expect(h.sim.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a redelivery finishes a run that an earlier attempt left in progress', async () => {
    setup();
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA });
    const ctx = h.ctx({ deliveryId: 'd-2' });
    const config = await loadConfig(ctx, { owner: 'acme', repo: 'app' });
    h.sim.injectFaults({ seed: 1, rate5xx: 1, only: (r) => r.method === 'PATCH' });
    await expect(runCheck(ctx, config, { owner: 'acme', repo: 'app', headSha: h.sim.branchSha('acme/app', 'feature'), pullNumber: number, deliveryId: 'd-2' }, { loadExemptions })).rejects.toThrow();
    expect(latestRun().status).toBe('in_progress');
    h.sim.injectFaults(null);
    await onPullRequest(h.ctx({ deliveryId: 'd-2' }), prEvent(number));
    expect(h.sim.checkRuns('acme/app')).toHaveLength(1);
    expect(latestRun()).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('concurrent deliveries for one pull request are handled one at a time: one comment', async () => {
    setup();
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA });
    await Promise.all([onPullRequest(h.ctx(), prEvent(number)), onPullRequest(h.ctx(), prEvent(number)), onPullRequest(h.ctx(), prEvent(number))]);
    expect(h.sim.checkRuns('acme/app')).toHaveLength(3);
    expect(botComments(number)).toHaveLength(1);
  });

  it('GitHub failing with 5xx mid-run is retried and the check still concludes', async () => {
    setup();
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA });
    const gh = new GitHubClient({ auth: h.sim.createInstallationToken('acme'), baseUrl: h.sim.url, retry: { retryAfterBaseValue: 1 }, throttle: { enabled: false } });
    // The manifest read and the completing update each fail once.
    const failed = new Set<string>();
    const once = (key: string): boolean => !failed.has(key) && Boolean(failed.add(key));
    h.sim.injectFaults({ seed: 7, rate5xx: 1, only: (r) => (r.path.endsWith('/contents/design.yml') && once('manifest')) || (r.operationId === 'checks/update' && once('update')) });
    await onPullRequest(h.ctx({ gh }), prEvent(number));
    expect(h.sim.requests.filter((r) => r.fault === 'server-error').map((r) => r.method)).toEqual(['GET', 'PATCH']);
    expect(latestRun()).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'Not compliant: 1 finding to fix' } });
  });

  it('an internal error is reported in the run, which still concludes', async () => {
    setup({ config: 'mode: advisory\n' });
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA });
    await onPullRequest(h.ctx(), prEvent(number), {
      loadExemptions: async () => {
        throw Object.assign(new Error('Server Error'), { status: 502 });
      },
    });
    const run = latestRun();
    expect(run).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'the check could not finish' } });
    expect(run.output.summary).toContain('GitHub answered 502: Server Error');
  });
});

describe('re-runs', () => {
  it('check_run.rerequested and check_suite.rerequested check the same commit again', async () => {
    setup();
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA });
    await onPullRequest(h.ctx(), prEvent(number));
    const first = latestRun();
    await onCheckRerun(h.ctx(), checkRunEvent(h.sim, { checkRunId: first.id, action: 'rerequested', sender: 'dev' }).payload as never);
    await onCheckRerun(h.ctx(), checkSuiteEvent(h.sim, { repo: 'acme/app', headSha: first.headSha, action: 'rerequested', sender: 'dev' }).payload as never);
    const runs = h.sim.checkRuns('acme/app');
    expect(runs).toHaveLength(3);
    expect(runs.every((r) => r.headSha === first.headSha && r.conclusion === 'failure')).toBe(true);
    expect(botComments(number)).toHaveLength(1);
  });

  it('rerunChecks checks every open pull request and the default branch', async () => {
    setup({ files: { ...COMPLIANT_TREE, 'design.yml': COMPLIANT } });
    const a = openPull({ ...BETA_TREE, 'design.yml': BETA }, 'a');
    const b = openPull({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT.replace('Register trainee teachers', 'Register') }, 'b');
    const ctx = h.ctx();
    const config = await loadConfig(ctx, { owner: 'acme', repo: 'app' });
    const results = await rerunChecks(ctx, config, 'acme/app', { loadExemptions });
    expect(results.map((r) => r.conclusion).sort()).toEqual(['failure', 'success', 'success']);
    const shas = h.sim.checkRuns('acme/app').map((r) => r.headSha).sort();
    expect(shas).toEqual([h.sim.branchSha('acme/app', 'a'), h.sim.branchSha('acme/app', 'b'), h.sim.branchSha('acme/app', 'main')].sort());
    expect(botComments(a)).toHaveLength(1);
    expect(botComments(b)).toHaveLength(0);
  });
});

describe('requests', () => {
  it('a typical pull request event with warm config and artefact caches makes at most 8 requests, evidence included', async () => {
    withStandards({ 'artefacts/ORG-stack.yml': ORG_STACK });
    const number = openPull({ ...BETA_TREE, 'design.yml': BETA });
    const cold = h.mark();
    await onPullRequest(h.ctx(), prEvent(number));
    const coldCount = cold().length;
    h.sim.pushCommit('acme/app', 'feature', { 'design.yml': `${BETA}\n# edited\n` });
    const warm = h.mark();
    await onPullRequest(h.ctx(), prEvent(number, 'synchronize'));
    const requests = warm().map((r) => `${r.method} ${r.operationId}`);
    expect(requests).toEqual([
      'GET checks/list-for-ref',
      'POST checks/create',
      'GET repos/get-content',
      // The evidence: one tree listing, then every file the collectors read in one GraphQL query.
      'GET git/get-tree',
      'POST graphql',
      'PATCH checks/update',
      'GET issues/list-comments',
      'PATCH issues/update-comment',
    ]);
    expect(requests.length).toBeLessThanOrEqual(8);
    expect(coldCount).toBeGreaterThan(requests.length);
  });
});
