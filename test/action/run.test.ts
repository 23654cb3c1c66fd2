// The Action's run() with @actions/core mocked, against the local GitHub: outputs, annotations, the job
// summary, the report files and the step's status for each way a check can end, and every user error
// as one clear line.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Exemption } from '../../src/index.js';
import nock from 'nock';
import { run } from '../../action/main.js';
import { fixedClock } from '../../src/time/clock.js';
import { collectFromDirectory, starterManifest } from '../../src/evidence/index.js';
import { root } from '../helpers.js';
import { runCli } from '../cli/run.js';
import { cutToBytes, fitMarkdown } from '../../action/summary.js';
import { issueCommentEvent, pullRequestEvent } from '../../sim/webhooks.js';
import { loadExemptions } from '../../github/exceptions/store.js';
import { BETA, BETA_TREE, COMPLIANT, COMPLIANT_TREE, startHarness, type Harness } from '../github/harness.js';
import { keyEnv } from '../keys.js';

/** The command and sweep workflows' key inputs. */
const signingInputs = (): Record<string, string> => ({ 'signing-key': keyEnv().ASSURE_SIGNING_KEY!, 'signing-key-id': 'test-1' });

const mock = vi.hoisted(() => {
  const state = { inputs: {} as Record<string, string>, summary: '' };
  const summary = {
    addRaw(text: string, eol = false) {
      state.summary += text + (eol ? '\n' : '');
      return summary;
    },
    async write() {
      return summary;
    },
  };
  const core = {
    getInput: vi.fn((name: string) => state.inputs[name] ?? ''),
    setOutput: vi.fn(),
    setFailed: vi.fn(),
    setSecret: vi.fn(),
    error: vi.fn(),
    warning: vi.fn(),
    notice: vi.fn(),
    info: vi.fn(),
    debug: vi.fn(),
    startGroup: vi.fn(),
    endGroup: vi.fn(),
    summary,
  };
  return { state, core };
});
// Hoisted above the imports: the Action's modules see this @actions/core.
vi.mock('@actions/core', () => mock.core);


const TOKEN = 'ghp_workflowtoken';
const core = mock.core;
let h: Harness;
let dir: string;

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-22T10:00:00Z', tokens: [{ token: TOKEN }] });
  dir = mkdtempSync(join(tmpdir(), 'assure-action-'));
  vi.clearAllMocks();
  mock.state.inputs = { 'github-token': TOKEN };
  mock.state.summary = '';
});

afterEach(async () => {
  expect(h.sim.rejected, 'requests GitHub would refuse').toEqual([]);
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Ran {
  /** The checked-out working tree the step ran in (GITHUB_WORKSPACE). */
  workspace?: string;
  outputs: Record<string, string>;
  failed: string[];
  summary: string;
  annotations: Record<'error' | 'warning' | 'notice', Array<{ message: string; properties?: Record<string, unknown> }>>;
}

/** The design repository; its `.github/assure.yml`, when given, is also the organisation's (the root it may only tighten). */
function setup(files: Record<string, string> = {}): void {
  const config = files['.github/assure.yml'];
  if (config !== undefined) h.sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': config } });
  h.sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': '# app\n', ...files } });
  h.sim.setPermission('acme/app', 'alice', 'write');
}

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_API_URL: h.sim.url,
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '1',
    ...extra,
  };
}

function result(): Ran {
  const calls = (fn: typeof core.error) => fn.mock.calls.map(([message, properties]) => ({ message: String(message), properties: properties as Record<string, unknown> | undefined }));
  return {
    outputs: Object.fromEntries(core.setOutput.mock.calls.map(([k, v]) => [k, String(v)])),
    failed: core.setFailed.mock.calls.map(([m]) => String(m)),
    summary: mock.state.summary,
    annotations: { error: calls(core.error), warning: calls(core.warning), notice: calls(core.notice) },
  };
}

/** Writes the files as actions/checkout would leave them; returns the workspace folder. */
function checkout(files: Record<string, string>): string {
  const workspace = mkdtempSync(join(dir, 'workspace-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  return workspace;
}

/** Opens a pull request with these files and runs the Action on its pull_request event. */
async function onPull(files: Record<string, string | null>, inputs: Record<string, string> = {}, deps: Parameters<typeof run>[0] = {}): Promise<Ran> {
  const pr = h.sim.openPullRequest({ repo: 'acme/app', author: 'dev', head: 'feature', files });
  const event = pullRequestEvent(h.sim, { repo: 'acme/app', number: pr.number as number, action: 'opened' });
  const path = join(dir, 'event.json');
  writeFileSync(path, JSON.stringify(event.payload));
  Object.assign(mock.state.inputs, inputs);
  const workspace = checkout(h.sim.filesAt('acme/app', (pr.head as { sha: string }).sha));
  await run({ clock: h.sim.clock, ...deps, env: baseEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path, GITHUB_WORKSPACE: workspace, ...(deps.env as Record<string, string> | undefined) }) });
  return { ...result(), workspace };
}

const BETA_OK = BETA.replace('email: sendgrid', 'email: gov-uk-notify');
/** The beta service's files once its email goes through Notify: its dependencies say so too. */
const BETA_OK_TREE = Object.fromEntries(Object.entries(BETA_TREE).map(([path, text]) => [path, path.startsWith('package') ? text.replaceAll('@sendgrid/mail', 'notifications-node-client') : text]));

describe('check mode on a pull request', () => {
  it('a compliant design: outputs, the JSON report, the job summary, no failure', async () => {
    setup();
    const ran = await onPull({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    expect(ran.failed).toEqual([]);
    // The one warning is true of the test repository: it is in acme, not DFE-Digital.
    expect(ran.outputs).toMatchObject({ compliant: 'true', failures: '0', warnings: '1', exempted: '0' });
    expect(ran.outputs.report?.startsWith(dir)).toBe(true);
    const report = JSON.parse(readFileSync(ran.outputs.report as string, 'utf8'));
    expect(report).toMatchObject({ schemaVersion: 2, ok: true, manifest: 'design.yml', tool: { name: 'assure' } });
    expect(ran.summary).toMatch(/^### assure: compliant/);
    expect(ran.annotations.error).toEqual([]);
    expect(ran.annotations.warning).toEqual([{ message: expect.stringContaining('transfer the repository to the DFE-Digital organisation'), properties: expect.objectContaining({ file: 'design.yml', startLine: 110 }) }]);
  });

  it('a non-compliant design fails the step, with annotations on the manifest lines', async () => {
    setup();
    const ran = await onPull({ ...BETA_TREE, 'design.yml': BETA });
    expect(ran.failed).toEqual([expect.stringMatching(/^Not compliant: 1 finding to fix/)]);
    expect(ran.outputs).toMatchObject({ compliant: 'false', failures: '1', warnings: '14', exempted: '0' });
    const [notify] = ran.annotations.error;
    expect(notify?.properties).toMatchObject({ file: 'design.yml', startLine: 69, startColumn: expect.any(Number), title: expect.stringMatching(/^GOV-mandated-notify email-via-notify: /) });
    expect(notify?.message).toContain('Standard: https://www.gov.uk/guidance/use-mandated-central-services');
    // GitHub shows 10 of each kind per step; the summary lists every finding and says so.
    expect(ran.annotations.warning).toHaveLength(10);
    // On the manifest's lines, or on the workflow that shows a scan is not run.
    expect(ran.annotations.warning.every((a) => ['design.yml', '.github/workflows/build.yml'].includes(String(a.properties?.file)) && typeof a.properties?.startLine === 'number')).toBe(true);
    expect(ran.summary).toContain('4 more findings are listed above only');
    expect(ran.summary).toContain('#### Warnings (11)');
    expect(ran.summary).toContain('#### To declare (3)');
    expect(ran.summary).toContain('[GOV-mandated-notify](https://www.gov.uk/guidance/use-mandated-central-services)');
    expect(ran.summary).toMatch(/\[design\.yml:69\]\(https:\/\/github\.com\/acme\/app\/blob\/[0-9a-f]{40}\/design\.yml#L69\)/);
    expect(ran.summary).toContain('/exception GOV-mandated-notify minor');
  });

  it('fail-on never: the findings are reported and the step succeeds', async () => {
    setup();
    const ran = await onPull({ ...BETA_TREE, 'design.yml': BETA }, { 'fail-on': 'never' });
    expect(ran.failed).toEqual([]);
    expect(ran.outputs).toMatchObject({ compliant: 'false', failures: '1' });
    expect(ran.annotations.error).toHaveLength(1);
  });

  it('fail-on should: warnings fail the step; with must they do not', async () => {
    setup();
    let ran = await onPull({ ...BETA_OK_TREE, 'design.yml': BETA_OK }, { 'fail-on': 'should' });
    expect(ran.outputs).toMatchObject({ compliant: 'true', failures: '0', warnings: '14' });
    expect(ran.failed).toEqual([expect.stringMatching(/^14 warnings and fail-on is should/)]);

    vi.clearAllMocks();
    mock.state.summary = '';
    mock.state.inputs = { 'github-token': TOKEN, 'fail-on': 'must' };
    ran = await onPull({ ...BETA_OK_TREE, 'design.yml': BETA_OK }, {}, {});
    expect(ran.failed).toEqual([]);
    expect(ran.outputs.compliant).toBe('true');
  });

  it('no manifest: a notice saying how to start, compliant, the step succeeds', async () => {
    setup();
    const ran = await onPull({ 'src/index.js': 'x' }, { 'sarif-file': 'out/assure.sarif' });
    expect(ran.failed).toEqual([]);
    expect(ran.annotations.notice).toEqual([{ message: expect.stringContaining('npx assure-design init'), properties: { title: 'assure: no design manifest yet' } }]);
    expect(ran.outputs).toEqual({ compliant: 'true', failures: '0', warnings: '0', exempted: '0', report: '' });
    expect(ran.summary).toContain('npx assure-design init');
    // An empty SARIF log, so an upload step that follows has a file.
    expect(JSON.parse(readFileSync(join(ran.workspace!, 'out/assure.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0', runs: [{ results: [] }] });
  });

  it('a manifest that does not parse: an error annotation at its line, the step fails', async () => {
    setup();
    const ran = await onPull({ 'design.yml': 'service:\n  name: Broken\n  phase: [alpha\nusers: {}\n' });
    expect(ran.failed).toEqual([expect.stringMatching(/^design\.yml cannot be read: design\.yml:\d+: invalid YAML/)]);
    const [annotation] = ran.annotations.error;
    expect(annotation?.properties).toMatchObject({ file: 'design.yml', title: 'The design manifest cannot be read' });
    expect(annotation?.properties?.startLine).toBeGreaterThanOrEqual(3);
    expect(ran.outputs).toMatchObject({ compliant: 'false', failures: '1', report: '' });
    expect(ran.summary).toContain('cannot be read');
  });

  it("no manifest where the organisation requires one: the step fails, as the App's check does", async () => {
    setup({ '.github/assure.yml': 'require_manifest: true\n' });
    const ran = await onPull({ 'src/index.js': 'x' });
    expect(ran.failed).toEqual([expect.stringContaining('The organisation requires a design manifest in this repository, and there is no design.yml')]);
    expect(ran.outputs).toMatchObject({ compliant: 'false', failures: '1' });
    expect(ran.summary).toContain('### assure: the design manifest is missing');
  });

  it("applies the organisation's ruleset as the App does: a rule off, another raised, both listed in the summary", async () => {
    const ruleset = 'extends: builtin\noverrides:\n  - artefact: GOV-mandated-notify\n    rules:\n      email-via-notify: off\n    reason: SendGrid contract to 2027\n  - artefact: DFE-ARCH-security-monitoring\n    rules:\n      siem: must\n';
    h.sim.addRepo({ owner: 'acme', name: 'standards', files: { 'artefacts/ruleset.yml': ruleset } });
    setup({ '.github/assure.yml': 'artefacts:\n  sources:\n    - repository: acme/standards\n      path: artefacts\n' });
    const ran = await onPull({ ...BETA_TREE, 'design.yml': BETA });
    expect(ran.annotations.error.map((a) => a.properties?.title)).toEqual([expect.stringMatching(/^DFE-ARCH-security-monitoring siem/)]);
    expect(ran.summary).toContain('SendGrid contract to 2027');
    expect(ran.summary).toMatch(/siem[^\n]*must/);
  });

  it('writes SARIF to a workspace path when asked', async () => {
    setup();
    const ran = await onPull({ ...BETA_TREE, 'design.yml': BETA }, { 'sarif-file': 'results/assure.sarif' });
    const sarif = JSON.parse(readFileSync(join(ran.workspace!, 'results/assure.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.some((r: { ruleId: string; level: string }) => r.ruleId === 'GOV-mandated-notify/email-via-notify' && r.level === 'error')).toBe(true);
    expect(ran.failed).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('is read from the default branch, never from the pull request', async () => {
    setup({ '.github/assure.yml': 'mode: blocking\n' });
    const ran = await onPull({ ...BETA_TREE, 'design.yml': BETA, '.github/assure.yml': 'mode: advisory\n' });
    expect(ran.failed).toHaveLength(1);
    const reads = h.sim.requests.filter((r) => r.path.endsWith('assure.yml'));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.query.ref === undefined)).toBe(true);
  });

  it('advisory mode reports the findings and never fails the step', async () => {
    setup({ '.github/assure.yml': 'mode: advisory\n' });
    const ran = await onPull({ ...BETA_TREE, 'design.yml': BETA });
    expect(ran.failed).toEqual([]);
    expect(ran.outputs.compliant).toBe('false');
    expect(ran.summary).toContain('Advisory mode');
  });

  it('a bad configuration fails with the file and the key, and nothing is checked', async () => {
    setup({ '.github/assure.yml': 'manifest: design.yml\nmode: sometimes\n' });
    const ran = await onPull({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    expect(ran.failed).toHaveLength(1);
    expect(ran.failed[0]).toContain('.github/assure.yml:2');
    expect(ran.failed[0]).toContain('mode:');
    expect(ran.outputs).toEqual({});
    expect(ran.summary).toContain('the configuration cannot be used');
  });

  it('the config input reads another file (with _extends), and a missing one is an error naming it', async () => {
    setup({ 'ci/assure.yml': '_extends: acme/settings:base.yml\nmanifest: docs/design.yml\n' });
    // Its `mode: advisory` would loosen the organisation's blocking mode: not applied.
    h.sim.addRepo({ owner: 'acme', name: 'settings', files: { 'base.yml': 'mode: advisory\nmanifest: elsewhere.yml\n' } });
    let ran = await onPull({ ...BETA_TREE, 'docs/design.yml': BETA }, { config: 'ci/assure.yml' });
    expect(ran.failed).toEqual([expect.stringMatching(/^Not compliant/)]);
    expect(ran.outputs).toMatchObject({ compliant: 'false', failures: '1' });
    expect(ran.annotations.error[0]?.properties).toMatchObject({ file: 'docs/design.yml', startLine: 69 });

    vi.clearAllMocks();
    mock.state.inputs = { 'github-token': TOKEN, config: 'ci/missing.yml' };
    await run({ clock: h.sim.clock, env: baseEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(dir, 'event.json') }) });
    ran = result();
    expect(ran.failed).toEqual([expect.stringContaining('ci/missing.yml: was not found on the default branch')]);
  });

  it('the manifest and time-zone inputs override the configuration', async () => {
    setup({ '.github/assure.yml': 'manifest: design.yml\ntime_zone: Europe/London\n' });
    const ran = await onPull({ ...COMPLIANT_TREE, 'service/design.yml': COMPLIANT }, { manifest: './service/design.yml', 'time-zone': 'Pacific/Kiritimati' });
    expect(ran.failed).toEqual([]);
    expect(ran.outputs.compliant).toBe('true');
    const report = JSON.parse(readFileSync(ran.outputs.report as string, 'utf8'));
    expect(report.manifest).toBe('service/design.yml');
    // 10:00Z on 22 November is already the 23rd at UTC+14.
    expect(report.evaluatedAt).toBe('2026-11-23');
  });
});

describe('exemptions', () => {
  const exemption: Exemption = { id: 'EX-7', artefact: 'GOV-mandated-notify', kind: 'minor', status: 'approved', expires: '2027-01-31', repository: 'acme/app', url: 'https://github.com/acme/app/issues/7' };

  it('are applied with the loader when verify-keys (public keys) is set', async () => {
    setup();
    const seen: string[] = [];
    const loadExemptions = async (_ctx: unknown, _config: unknown, repo: string) => {
      seen.push(repo);
      return [exemption];
    };
    const ran = await onPull({ ...BETA_TREE, 'design.yml': BETA }, { 'verify-keys': keyEnv('old', ['old']).ASSURE_VERIFY_KEYS! }, { loadExemptions });
    expect(seen).toEqual(['acme/app']);
    expect(ran.failed).toEqual([]);
    expect(ran.outputs).toMatchObject({ compliant: 'true', failures: '0', exempted: '1' });
    expect(ran.summary).toContain('[EX-7](https://github.com/acme/app/issues/7)');
  });

  it('are not trusted without verify-keys, and the summary says so', async () => {
    setup();
    const loadExemptions = vi.fn(async () => [exemption]);
    const ran = await onPull({ ...BETA_TREE, 'design.yml': BETA }, {}, { loadExemptions });
    expect(loadExemptions).not.toHaveBeenCalled();
    expect(ran.failed).toHaveLength(1);
    expect(ran.summary).toContain('Exemptions were not applied: the `verify-keys` input is not set');
  });

  it('a signing key is refused in check mode: a pull request can change the workflow and read it', async () => {
    setup();
    const ran = await onPull({ 'design.yml': BETA }, { 'signing-key': keyEnv().ASSURE_SIGNING_KEY!, 'signing-key-id': 'test-1' });
    expect(ran.failed[0]).toContain('Input signing-key must not be given in check mode');
  });
});

describe('other events', () => {
  it('workflow_dispatch and push check the event commit', async () => {
    setup({ ...BETA_TREE, 'design.yml': BETA });
    const sha = h.sim.branchSha('acme/app', 'main');
    const event = join(dir, 'push.json');
    writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main', after: sha, repository: { name: 'app', owner: { login: 'acme' } } }));
    await run({ clock: h.sim.clock, env: baseEnv({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event, GITHUB_SHA: '0'.repeat(39) + '1', GITHUB_WORKSPACE: checkout(h.sim.filesAt('acme/app', sha)) }) });
    expect(result().failed).toEqual([expect.stringMatching(/^Not compliant/)]);
    expect(core.info.mock.calls.map(([m]) => String(m))).toContain(`assure: acme/app@${sha.slice(0, 7)}, design.yml`);
    // The design is read from the checkout, never through the contents API.
    expect(h.sim.requests.some((r) => r.path === '/repos/acme/app/contents/design.yml')).toBe(false);

    vi.clearAllMocks();
    h.sim.pushCommit('acme/app', 'main', { ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    const head = h.sim.branchSha('acme/app', 'main');
    await run({ clock: h.sim.clock, env: baseEnv({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_SHA: head, GITHUB_WORKSPACE: checkout(h.sim.filesAt('acme/app', head)) }) });
    expect(result().failed).toEqual([]);
    expect(result().outputs.compliant).toBe('true');
  });

  it('a push that deletes a branch has nothing to check', async () => {
    setup({ ...BETA_TREE, 'design.yml': BETA });
    const event = join(dir, 'push.json');
    writeFileSync(event, JSON.stringify({ ref: 'refs/heads/old', after: '0'.repeat(40), deleted: true }));
    await run({ clock: h.sim.clock, env: baseEnv({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event }) });
    expect(result().failed).toEqual([]);
    expect(result().annotations.notice).toHaveLength(1);
  });
});

describe('user errors: one clear line, nothing asked of GitHub, no stack trace', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['fail-on maybe', { 'fail-on': 'maybe' }, 'Input fail-on: "maybe" is not allowed; use one of must, should, never'],
    ['an unknown mode', { mode: 'audit' }, 'Input mode: "audit" is not allowed; use one of check, command, sweep'],
    ['deciders that are neither', { deciders: 'everyone' }, 'Input deciders: "everyone" is not allowed; use one of approvers, teams'],
    ['a time zone that is not one', { 'time-zone': 'Mars/Olympus' }, 'Input time-zone: "Mars/Olympus" is not a time zone; use an IANA name such as Europe/London'],
    ['a manifest outside the repository', { manifest: '../secrets.yml' }, 'Input manifest: "../secrets.yml" must be the path of a file in the repository (relative, no "..", e.g. design.yml)'],
    ['no token, where one is needed', { 'github-token': '', mode: 'command' }, 'Input github-token is empty: pass ${{ github.token }} (the default) or another token'],
  ];
  it.each(cases)('%s', async (_name, inputs, message) => {
    setup();
    const from = h.sim.requests.length;
    Object.assign(mock.state.inputs, inputs);
    await run({ clock: h.sim.clock, env: baseEnv({ GITHUB_EVENT_NAME: 'pull_request' }) });
    expect(result().failed).toEqual([message]);
    expect(h.sim.requests.slice(from)).toEqual([]);
  });

  it('a token GitHub refuses: what GitHub answered, with a hint, and no stack trace', async () => {
    setup({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT });
    mock.state.inputs['github-token'] = 'not-a-token';
    await run({ clock: h.sim.clock, env: baseEnv({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_SHA: h.sim.branchSha('acme/app', 'main') }) });
    const [failed] = result().failed;
    expect(failed).toMatch(/^assure could not finish: GitHub answered 401: .*Check the github-token input/);
    expect(failed).not.toMatch(/\n\s+at /);
  });

  it('outside a workflow (no GITHUB_REPOSITORY)', async () => {
    await run({ env: {} });
    expect(result().failed).toEqual(['GITHUB_REPOSITORY is not set (owner/name): run this inside a GitHub Actions workflow']);
  });
});

describe('command and sweep modes, end to end', () => {
  const CONFIG = 'deciders:\n  approvers: [carol]\n';
  const REQUEST = '/exception GOV-mandated-notify minor\nReason: the SendGrid contract runs to March\nUntil: 2027-02-28\nConditions:\n- no personal data in emails';

  async function onComment(repo: string, number: number, author: string, body: string): Promise<Ran> {
    vi.clearAllMocks();
    const comment = h.sim.addIssueComment({ repo, number, author, body, authorAssociation: 'MEMBER' }) as { id: number };
    const path = join(dir, `comment-${comment.id}.json`);
    writeFileSync(path, JSON.stringify(issueCommentEvent(h.sim, { commentId: comment.id, action: 'created' }).payload));
    mock.state.inputs = { 'github-token': TOKEN, mode: 'command', ...signingInputs(), deciders: 'approvers' };
    await run({ clock: h.sim.clock, loadExemptions, retries: false, env: baseEnv({ GITHUB_EVENT_NAME: 'issue_comment', GITHUB_EVENT_PATH: path, GITHUB_RUN_ID: `run-${comment.id}` }) });
    return result();
  }

  it('asks, decides by the approvers list (saying so), turns the check green, and the sweep expires it', async () => {
    setup({ '.github/assure.yml': CONFIG });
    const pull = h.sim.openPullRequest({ repo: 'acme/app', author: 'dev', head: 'feature', files: { ...BETA_TREE, 'design.yml': BETA } }).number as number;

    const asked = await onComment('acme/app', pull, 'alice', REQUEST);
    expect(asked.failed).toEqual([]);
    expect(asked.outputs.command).toBe('exception');
    const issue = h.sim.issues('acme/app').find((i) => i.labels.includes('assure: exception'))!;
    expect(issue.user).toBe('github-actions[bot]');

    const self = await onComment('acme/app', issue.number, 'alice', '/approve until 2027-02-28');
    expect(self.failed).toEqual([]);
    const approved = await onComment('acme/app', issue.number, 'carol', '/approve until 2027-02-28');
    expect(approved.outputs.command).toBe('approve');
    const replies = h.sim.comments('acme/app', issue.number).map((c) => c.body);
    expect(replies.some((b) => b.includes('may never decide'))).toBe(true);
    expect(replies.some((b) => b.includes('Approved by @carol (listed in deciders.approvers)'))).toBe(true);
    // The approval re-ran the pull request's check: green without a new push.
    const head = h.sim.branchSha('acme/app', 'feature');
    expect(h.sim.checkRuns('acme/app', head).at(-1)?.conclusion).toBe('success');

    vi.clearAllMocks();
    h.sim.setNow('2027-03-01T09:00:00Z');
    mock.state.inputs = { 'github-token': TOKEN, mode: 'sweep', ...signingInputs() };
    // Each workflow run has its own id: the base of the check runs' idempotency keys.
    await run({ clock: h.sim.clock, loadExemptions, retries: false, env: baseEnv({ GITHUB_EVENT_NAME: 'schedule', GITHUB_RUN_ID: 'nightly-1' }) });
    const swept = result();
    expect(swept.failed).toEqual([]);
    expect(swept.outputs.changes).toBe('1');
    expect(swept.summary).toContain(`#${issue.number} acme/app GOV-mandated-notify: expired (last day 2027-02-28)`);
    expect(h.sim.issue('acme/app', issue.number).labels).toContain('assure: expired');
    expect(h.sim.checkRuns('acme/app', head).at(-1)?.conclusion).toBe('failure');
  });

  it('refuses to run commands or sweeps without the signing key, and command mode on the wrong event', async () => {
    setup({ '.github/assure.yml': CONFIG });
    mock.state.inputs = { 'github-token': TOKEN, mode: 'command' };
    await run({ env: baseEnv({ GITHUB_EVENT_NAME: 'issue_comment' }) });
    expect(result().failed[0]).toContain('Input signing-key is required in command mode');
    vi.clearAllMocks();
    mock.state.inputs = { 'github-token': TOKEN, mode: 'command', ...signingInputs() };
    await run({ env: baseEnv({ GITHUB_EVENT_NAME: 'pull_request' }) });
    expect(result().failed[0]).toContain('mode command handles issue_comment');
    vi.clearAllMocks();
    mock.state.inputs = { 'github-token': TOKEN, mode: 'sweep' };
    await run({ env: baseEnv({ GITHUB_EVENT_NAME: 'schedule' }) });
    expect(result().failed[0]).toContain('Input signing-key is required in sweep mode');
  });
});

describe('the job summary limit', () => {
  it('fits 1 MiB in bytes, not characters, and never splits a character', () => {
    const rows = (n: number) => `### assure\n\n${'| é€ | 𝔘 |\n'.repeat(n)}`;
    const render = (max: number) => {
      let n = 200_000;
      while (rows(n).length > max && n > 0) n = Math.floor(n * 0.9);
      return rows(n);
    };
    const text = fitMarkdown(render);
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    expect(Buffer.byteLength(text, 'utf8')).toBeGreaterThan(900 * 1024);
    expect(text).not.toContain('\uFFFD');

    const cut = fitMarkdown(() => '€'.repeat(600_000));
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    expect(cut).toContain("cut to fit GitHub's 1 MiB job summary limit");
    expect(cutToBytes('a€', 2)).toBe('a');
  });

  it('is skipped, not an error, when GITHUB_STEP_SUMMARY is not set', async () => {
    setup();
    await onPull({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT }, {}, { env: { GITHUB_STEP_SUMMARY: '' } });
    expect(result().failed).toEqual([]);
    expect(mock.state.summary).toBe('');
  });
});

describe('check mode on the checked-out working tree', () => {
  // A fixture repository with the starter manifest its own evidence gives: the files a team would start from.
  async function fixtureCheckout(name: string): Promise<string> {
    const workspace = join(dir, 'checkout');
    cpSync(join(root, 'test/fixtures/repos', name), workspace, { recursive: true });
    writeFileSync(join(workspace, 'design.yml'), await starterManifest(await collectFromDirectory(workspace), name));
    return workspace;
  }

  it('checks with no token and no network, and gives the CLI verdict on the same files', async () => {
    const workspace = await fixtureCheckout('node-service');
    const cli = runCli(['check', 'design.yml', '--format', 'json', '--at', '2026-11-22'], { cwd: workspace });
    expect(cli.stderr).not.toMatch(/at .*\.js:\d+/);
    const fromCli = JSON.parse(cli.stdout) as { ok: boolean; summary: Record<string, number> };

    mock.state.inputs = { 'fail-on': 'never' };
    const event = join(dir, 'event.json');
    writeFileSync(event, JSON.stringify({ after: 'a'.repeat(40), deleted: false }));
    nock.disableNetConnect();
    try {
      await run({ clock: fixedClock('2026-11-22T10:00:00Z'), env: { ...baseEnv({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event, GITHUB_WORKSPACE: workspace }), GITHUB_TOKEN: '' } });
    } finally {
      nock.enableNetConnect();
    }
    const ran = result();
    expect(ran.failed).toEqual([]);
    expect(ran.annotations.notice.map((n) => n.properties?.title)).toContain('assure: checked without a token');
    const fromAction = JSON.parse(readFileSync(ran.outputs.report as string, 'utf8')) as { ok: boolean; summary: Record<string, number>; evidenceNotes: Array<{ message: string }> };
    expect(fromAction.ok).toBe(fromCli.ok);
    expect(fromAction.summary).toEqual(fromCli.summary);
    // Facts only GitHub gives are unknown, and the report says so.
    expect(fromAction.evidenceNotes.map((n) => n.message).join('\n')).toMatch(/repository settings were not read/);
    expect(h.sim.requests).toEqual([]);
  }, 120_000);
});
