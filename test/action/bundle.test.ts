// dist/index.js is what the runner executes: it must be the bundle of today's sources, and it must work
// as the runner starts it, from a checkout of this repository without node_modules, with inputs and
// the event in the environment, against a GitHub (the local one) that checks every request.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubSim, type GitHubSim } from '../../sim/github.js';
import { issueCommentEvent, pullRequestEvent } from '../../sim/webhooks.js';
import { BETA, BETA_TREE, COMPLIANT, COMPLIANT_TREE } from '../github/harness.js';
import { root } from '../helpers.js';
import { keyEnv } from '../keys.js';

const TOKEN = 'ghs_workflow_token_for_the_smoke_test';

describe('dist/index.js', () => {
  it('is the bundle of the current sources, with the HCL parser\'s WebAssembly (run `npm run bundle` and commit dist/ when this fails)', () => {
    const check = spawnSync(process.execPath, [join(root, 'scripts', 'bundle-action.mjs'), '--check'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(check.stderr + check.stdout).toContain('dist/index.js, dist/tree-sitter-terraform.wasm, dist/web-tree-sitter.wasm up to date');
    expect(check.status).toBe(0);
  });

  it('is what action.yml runs, on node24', () => {
    const yml = readFileSync(join(root, 'action.yml'), 'utf8');
    expect(yml).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index\.js$/m);
  });
});

interface Step {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The pull request's head commit. */
  head: string;
}

/** The file command format: `name<<ghadelimiter_<uuid>`, the value, the delimiter again. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const m of text.matchAll(/^([^\n<]+)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n?\2$/gm)) outputs[m[1] as string] = m[3] as string;
  return outputs;
}

describe('the bundled Action, run as the runner runs it', () => {
  let action: string;
  let sim: GitHubSim;
  let work: string;

  beforeAll(() => {
    // The runner downloads the Action's repository whole (no node_modules): the bundle and the files it reads at run time.
    action = mkdtempSync(join(tmpdir(), 'assure-action-checkout-'));
    for (const entry of ['dist', 'package.json', 'action.yml', 'schema', 'policies']) cpSync(join(root, entry), join(action, entry), { recursive: true });
  });
  afterAll(() => rmSync(action, { recursive: true, force: true }));

  beforeEach(async () => {
    sim = await createGitHubSim({ now: '2026-11-22T10:00:00Z', tokens: [{ token: TOKEN }] });
    work = mkdtempSync(join(tmpdir(), 'assure-runner-'));
  });
  afterEach(async () => {
    expect(sim.rejected, 'requests GitHub would refuse').toEqual([]);
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** A pull request with these files, checked out (as actions/checkout leaves them) and checked by the step. */
  async function runStep(files: Record<string, string>, inputs: Record<string, string> = {}): Promise<Step> {
    sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': '# app\n' } });
    const pr = sim.openPullRequest({ repo: 'acme/app', author: 'dev', head: 'feature', files });
    const event = pullRequestEvent(sim, { repo: 'acme/app', number: pr.number as number, action: 'opened' });
    const head = (event.payload as { pull_request: { head: { sha: string } } }).pull_request.head.sha;
    const step = await spawnAction('pull_request', event.payload, inputs, '4242', sim.filesAt('acme/app', head));
    return { ...step, head };
  }

  /** Runs `node dist/index.js` in a fresh runner folder on one event, the workspace holding `checkout`. */
  async function spawnAction(eventName: string, payload: unknown, inputs: Record<string, string> = {}, runId = '4242', checkout: Record<string, string> = {}): Promise<Omit<Step, 'head'>> {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work);
    for (const dir of ['temp', 'workspace']) mkdirSync(join(work, dir));
    for (const [path, text] of Object.entries(checkout)) {
      mkdirSync(dirname(join(work, 'workspace', path)), { recursive: true });
      writeFileSync(join(work, 'workspace', path), text);
    }
    const files = { event: join(work, 'event.json'), summary: join(work, 'step_summary'), output: join(work, 'output') };
    writeFileSync(files.event, JSON.stringify(payload));
    writeFileSync(files.summary, '');
    writeFileSync(files.output, '');
    // What the runner sets: every input with a default (the runner keeps hyphens: INPUT_GITHUB-TOKEN),
    // the event, the API address, and the file commands' files. Nothing inherited but PATH.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      GITHUB_ACTIONS: 'true',
      INPUT_MODE: 'check',
      INPUT_CONFIG: '.github/assure.yml',
      'INPUT_GITHUB-TOKEN': TOKEN,
      INPUT_DECIDERS: 'approvers',
      'INPUT_FAIL-ON': 'must',
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_API_URL: sim.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_SHA: 'f'.repeat(40),
      GITHUB_RUN_ID: runId,
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
      RUNNER_TEMP: join(work, 'temp'),
      GITHUB_WORKSPACE: join(work, 'workspace'),
    };
    const child = spawn(process.execPath, [join(action, 'dist', 'index.js')], { cwd: join(work, 'workspace'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`node dist/index.js did not exit within 30 s\n${stdout}\n${stderr}`));
      }, 30_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    return { code, stdout, stderr, outputs: parseOutputFile(readFileSync(files.output, 'utf8')), summary: readFileSync(files.summary, 'utf8') };
  }

  it('a compliant design: exit 0, outputs, job summary, JSON and SARIF reports', async () => {
    const step = await runStep({ ...COMPLIANT_TREE, 'design.yml': COMPLIANT }, { 'sarif-file': 'assure.sarif' });
    expect(step.stderr).toBe('');
    expect(step.code, step.stdout).toBe(0);
    // The one warning is true of the test repository: it is in acme, not DFE-Digital.
    expect(step.outputs).toEqual({ compliant: 'true', failures: '0', warnings: '1', exempted: '0', report: expect.stringMatching(/report\.json$/) });
    expect(step.outputs.report?.startsWith(join(work, 'temp'))).toBe(true);
    const report = JSON.parse(readFileSync(step.outputs.report as string, 'utf8'));
    expect(report).toMatchObject({ schemaVersion: 2, ok: true, manifest: 'design.yml', tool: { name: 'assure', version: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version } });
    expect(report.summary).toMatchObject({ pass: 107, fail: 0, warn: 1 });
    expect(step.summary).toMatch(/^### assure: compliant/);
    expect(step.summary).toContain('This design certifies itself');
    expect(JSON.parse(readFileSync(join(work, 'workspace', 'assure.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(step.stdout).not.toMatch(/^::error/m);
    // The manifest and the evidence were read from the checkout, the configuration from the default branch.
    expect(sim.requests.some((r) => r.path === '/repos/acme/app/contents/design.yml')).toBe(false);
    expect(sim.requests.find((r) => r.path === '/repos/acme/app/contents/.github/assure.yml')?.query.ref).toBeUndefined();
    expect(sim.requests.every((r) => r.actor === 'github-actions[bot]')).toBe(true);
  });

  it('a non-compliant design: exit 1, an error annotation on the manifest line', async () => {
    const step = await runStep({ ...BETA_TREE, 'design.yml': BETA });
    expect(step.code, step.stdout + step.stderr).toBe(1);
    expect(step.outputs).toMatchObject({ compliant: 'false', failures: '1', warnings: '14', exempted: '0' });
    expect(step.stdout).toMatch(/^::error title=GOV-mandated-notify email-via-notify%3A [^,]*,file=design\.yml,line=69,col=\d+::Email is sent with sendgrid/m);
    expect(step.stdout).toMatch(/^::error::Not compliant: 1 finding to fix/m);
    expect(step.summary).toMatch(/^### assure: not compliant/);
    expect(existsSync(step.outputs.report as string)).toBe(true);
  });

  // Parts only some designs need are chunks of their own in dist/chunks, read when first used.
  it('a missing manifest the organisation requires: the starter, written by a part loaded when needed', async () => {
    sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': 'require_manifest: true\n' } });
    const tree = Object.fromEntries(Object.entries(COMPLIANT_TREE).filter(([path]) => path !== 'design.yml'));
    const step = await runStep(tree);
    expect(step.stderr).toBe('');
    expect(step.code, step.stdout).toBe(1);
    expect(step.stdout).toMatch(/^::error::The organisation requires a design manifest in this repository, and there is no design\.yml/m);
    expect(step.summary).toContain('# yaml-language-server: $schema=');
    expect(step.summary).toMatch(/^service:\n {2}name: app {2}# the name users know the service by: check it$/m);
  });

  it('a school with CSV registers: findings on register rows, read by a part loaded when needed', async () => {
    const school = join(root, 'examples', 'school-trust');
    const files = Object.fromEntries(['design.yml', 'registers/assets.csv', 'registers/contracts.csv', 'registers/information-assets.csv'].map((f) => [f, readFileSync(join(school, f), 'utf8')]));
    const step = await runStep(files);
    expect(step.stderr).toBe('');
    expect(step.code, step.stdout).toBe(1);
    const report = JSON.parse(readFileSync(step.outputs.report as string, 'utf8'));
    expect(report.results).toContainEqual(expect.objectContaining({ rule: 'serial-number', status: 'fail', file: 'registers/assets.csv', line: 13, message: expect.stringContaining('NLT-0107') }));
  });

  it('a bad input: exit 1 with one line, no stack trace', async () => {
    const step = await runStep({ 'design.yml': COMPLIANT }, { 'fail-on': 'maybe' });
    expect(step.code).toBe(1);
    expect(step.stdout.trim()).toBe('::error::Input fail-on: "maybe" is not allowed; use one of must, should, never');
    expect(step.stderr).toBe('');
  });

  it('mode command opens and approves an exception; mode sweep keeps the register', async () => {
    sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': 'deciders:\n  approvers: [carol]\n' } });
    sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': '# app\n' } });
    sim.setPermission('acme/app', 'dev', 'write');
    const pull = sim.openPullRequest({ repo: 'acme/app', author: 'dev', head: 'feature', files: { ...BETA_TREE, 'design.yml': BETA } }).number as number;
    const ask = sim.addIssueComment({ repo: 'acme/app', number: pull, author: 'dev', body: '/exception GOV-mandated-notify\nReason: contract to March\nUntil: 2027-01-31', authorAssociation: 'MEMBER' }) as { id: number };
    const asked = await spawnAction('issue_comment', issueCommentEvent(sim, { commentId: ask.id, action: 'created' }).payload, { mode: 'command', 'signing-key': keyEnv().ASSURE_SIGNING_KEY!, 'signing-key-id': 'test-1' }, '1');
    expect(asked.code, asked.stdout + asked.stderr).toBe(0);
    expect(asked.outputs.command).toBe('exception');
    const issue = sim.issues('acme/app').find((i) => i.labels.includes('assure: exception'))!;
    expect(issue.user).toBe('github-actions[bot]');
    const approve = sim.addIssueComment({ repo: 'acme/app', number: issue.number, author: 'carol', body: '/approve until 2027-01-31', authorAssociation: 'MEMBER' }) as { id: number };
    const approved = await spawnAction('issue_comment', issueCommentEvent(sim, { commentId: approve.id, action: 'created' }).payload, { mode: 'command', 'signing-key': keyEnv().ASSURE_SIGNING_KEY!, 'signing-key-id': 'test-1' }, '2');
    expect(approved.code, approved.stdout + approved.stderr).toBe(0);
    expect(sim.issue('acme/app', issue.number).labels).toContain('assure: approved');

    // The bundle runs on the system clock, so expiry itself is tested through run() with the simulated
    // clock (run.test.ts); here the sweep finds the exemption in force and keeps the register.
    const swept = await spawnAction('schedule', {}, { mode: 'sweep', 'signing-key': keyEnv().ASSURE_SIGNING_KEY!, 'signing-key-id': 'test-1' }, '3');
    expect(swept.code, swept.stdout + swept.stderr).toBe(0);
    expect(swept.summary).toContain('### assure sweep');
    expect(swept.summary).toContain('swept acme/app');
    expect(sim.issues('acme/app').filter((i) => i.labels.includes('assure: exemptions register'))).toHaveLength(1);
  }, 60_000);
});
