// `assure check --repository OWNER/REPO`: the configuration, the standards and the exemptions the pull
// request's check would apply, read from GitHub (the organisation's file and the repository's own, the
// standards repositories they name, the exception issues), held against the manifest and the evidence here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { onPullRequest } from '../../github/handlers.js';
import { exemptionCache } from '../../github/exceptions/store.js';
import { publicKeyText } from '../../github/signing.js';
import { pullRequestEvent } from '../../sim/webhooks.js';
import { approvedException, BETA_TREE, startHarness, type Harness } from '../github/harness.js';
import { testSigningKey } from '../keys.js';

const saved = { ...process.env };
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
});
afterAll(() => nock.enableNetConnect());

/** A personal token that reads only: what a developer's laptop has. */
const PERSONAL = 'ghp_dana';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: '2026-11-22T10:00:00Z', tokens: [{ token: PERSONAL, login: 'dana', permissions: { contents: 'read', issues: 'read', metadata: 'read' } }] });
  for (const name of ['GITHUB_API_URL', 'GH_TOKEN', 'ASSURE_ACTOR', 'ASSURE_SIGNING_KEY', 'ASSURE_SIGNING_KEY_ID', 'ASSURE_VERIFY_KEYS', 'ASSURE_LEGACY_RECORD_KEY']) delete process.env[name];
});
afterEach(async () => {
  process.env = { ...saved };
  expect(h.sim.rejected).toEqual([]);
  await h.close();
});

async function check(argv: string[], manifest = 'examples/beta-service/design.yml'): Promise<{ code: number; out: string; err: string }> {
  const io = { out: '', err: '' };
  const code = await main(['check', manifest, '--repository', 'acme/app', '--api-url', h.sim.url, ...(argv.includes('--at') ? [] : ['--at', '2026-11-22']), ...argv], {
    out: (t: string) => void (io.out += t),
    err: (t: string) => void (io.err += t),
    isTTY: false,
  });
  return { code, ...io };
}

describe('assure check --repository', () => {
  beforeEach(() => {
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': '# app\n' } });
    process.env.GITHUB_TOKEN = h.sim.createInstallationToken('acme');
  });

  it("applies the organisation's standards repository and its ruleset, as the pull request's check does", async () => {
    const ruleset = 'extends: builtin\noverrides:\n  - artefact: GOV-mandated-notify\n    rules:\n      email-via-notify: off\n    reason: SendGrid contract to 2027\n  - artefact: DFE-ARCH-security-monitoring\n    rules:\n      siem: must\n';
    h.sim.addRepo({ owner: 'acme', name: 'standards', files: { 'artefacts/ruleset.yml': ruleset } });
    h.sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': 'artefacts:\n  sources:\n    - repository: acme/standards\n      path: artefacts\n' } });
    const run = await check(['--format', 'json']);
    expect(run.err).toBe('');
    const report = JSON.parse(run.out) as { results: Array<{ artefact: string; rule: string; status: string }>; overrides: unknown[] };
    const failing = report.results.filter((r) => r.status === 'fail').map((r) => `${r.artefact}/${r.rule}`);
    expect(failing).toContain('DFE-ARCH-security-monitoring/siem');
    expect(failing).not.toContain('GOV-mandated-notify/email-via-notify');
    expect(report.overrides).toHaveLength(2);
    expect(run.code).toBe(1);
  });

  it("exits 0 under the organisation's mode: advisory, as the pull request's check would be neutral", async () => {
    h.sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': 'mode: advisory\n' } });
    const run = await check(['--quiet']);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toMatch(/not compliant \(advisory: never fails\)\n$/);
  });

  it('names the options that mean nothing without it (--actor, --api-url)', async () => {
    for (const [option, value] of [['--actor', 'assure[bot]'], ['--api-url', h.sim.url]] as const) {
      const io = { out: '', err: '' };
      const code = await main(['check', 'examples/beta-service/design.yml', option, value], { out: (t: string) => void (io.out += t), err: (t: string) => void (io.err += t), isTTY: false });
      expect({ code, ...io }).toMatchObject({ code: 2, out: '', err: expect.stringContaining(`${option} is used only with --repository OWNER/REPO`) as string });
    }
    expect(h.sim.requests).toEqual([]);
  });

  it('is refused with --config or --exemptions, and without a token', async () => {
    expect((await check(['--config', '.github/assure.yml'])).code).toBe(2);
    const exemptions = await check(['--exemptions', 'examples/exemptions.yml']);
    expect(exemptions).toMatchObject({ code: 2, err: expect.stringContaining('leave out --exemptions') as string });
    delete process.env.GITHUB_TOKEN;
    const run = await check([]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('set GITHUB_TOKEN');
  });
});

/** The verify key of the harness's signing key, as ASSURE_VERIFY_KEYS carries it. */
const VERIFY_KEYS = `test-1:${publicKeyText(testSigningKey('test-1').privateKey)}`;

describe('assure check --repository: the exemptions recorded for it', () => {
  let tree: string;
  let issue: number;
  let pull: number;
  beforeEach(async () => {
    tree = mkdtempSync(join(tmpdir(), 'assure-check-repository-'));
    for (const [path, text] of Object.entries(BETA_TREE)) {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), text);
    }
    ({ issue, pull } = await approvedException(h));
    expect(h.sim.checkRuns('acme/app')[0]?.conclusion).toBe('failure');
    process.env.GITHUB_TOKEN = PERSONAL;
  });
  afterEach(() => {
    if (tree) rmSync(tree, { recursive: true, force: true });
  });

  /** The CLI on the repository's files, as JSON. */
  async function cli(argv: string[] = []) {
    const run = await check(['--format', 'json', ...argv], join(tree, 'design.yml'));
    const report = run.out ? (JSON.parse(run.out) as { ok: boolean; summary: { fail: number; exempted: number } }) : undefined;
    return { ...run, report };
  }

  /** The pull request's check run again now, reading the exceptions afresh. */
  async function pullRequestCheck(): Promise<string | null | undefined> {
    exemptionCache.clear();
    await onPullRequest(h.ctx(), pullRequestEvent(h.sim, { repo: 'acme/app', number: pull, action: 'synchronize' }).payload as never);
    return h.sim.checkRuns('acme/app').at(-1)?.conclusion;
  }

  it("an approved exemption makes the CLI's verdict the pull request check's, with a read-only personal token", async () => {
    process.env.ASSURE_VERIFY_KEYS = VERIFY_KEYS;
    const run = await cli();
    expect(run.err).toBe('');
    expect(run.report).toMatchObject({ ok: true, summary: { fail: 0, exempted: 1 } });
    expect(run.code).toBe(0);
    expect(await pullRequestCheck()).toBe('success');
  });

  it('an expired exemption applies to neither', async () => {
    process.env.ASSURE_VERIFY_KEYS = VERIFY_KEYS;
    const run = await cli(['--at', '2027-03-01']);
    expect(run.report).toMatchObject({ ok: false, summary: { exempted: 0 } });
    expect(run.code).toBe(1);
    h.sim.setNow('2027-03-01T10:00:00Z');
    expect(await pullRequestCheck()).toBe('failure');
  });

  it('a record last edited by someone else applies to neither, and the CLI names it', async () => {
    process.env.ASSURE_VERIFY_KEYS = VERIFY_KEYS;
    // A line added above the record leaves its signature valid; who edited it last is what is not trusted.
    const body = h.sim.issue('acme/architecture', issue).body!;
    h.sim.editIssue('acme/architecture', issue, { body: `Agreed with the service owner.\n\n${body}` }, 'mallory');
    const run = await cli();
    expect(run.report).toMatchObject({ ok: false, summary: { exempted: 0 } });
    expect(run.code).toBe(1);
    expect(run.err).toContain(`acme/architecture#${issue}: not applied, its record is not trusted (edited by someone else)`);
    expect(await pullRequestCheck()).toBe('failure');
  });

  it('trusts records only from the login assure writes as (--actor)', async () => {
    process.env.ASSURE_VERIFY_KEYS = VERIFY_KEYS;
    const run = await cli(['--actor', 'github-actions[bot]']);
    expect(run.code).toBe(1);
    expect(run.err).toContain('(not written by assure)');
    expect(run.err).toContain('pass --actor LOGIN');
    process.env.ASSURE_ACTOR = h.sim.botLogin;
    expect((await cli()).code).toBe(0);
  });

  it('without a key to verify records, applies none and says how many approved ones were left out', async () => {
    const run = await cli();
    expect(run.report).toMatchObject({ ok: false, summary: { exempted: 0 } });
    expect(run.code).toBe(1);
    expect(run.err).toBe("exemptions were not applied: acme/architecture holds 1 approved exception for acme/app, and no key can verify its record; set ASSURE_VERIFY_KEYS to the public keys that verify exception records (kid:BASE64, the value of the Action's verify-keys; see docs/security.md)\n");
    // A key that is not the one the records are signed with verifies none of them either.
    process.env.ASSURE_VERIFY_KEYS = `other:${publicKeyText(testSigningKey('other').privateKey)}`;
    const other = await cli();
    expect(other.code).toBe(1);
    expect(other.err).toContain(`acme/architecture#${issue}: not applied, its record is not trusted (unknown key)`);
  });
});
