// `assure check --repository OWNER/REPO`: the configuration and the standards the pull request's check
// would apply, read from GitHub (the organisation's file and the repository's own, and the standards
// repositories they name), held against the manifest and the evidence here.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { startHarness, type Harness } from '../github/harness.js';

const saved = { ...process.env };
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
});
afterAll(() => nock.enableNetConnect());

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: '2026-11-22T10:00:00Z' });
  h.sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': '# app\n' } });
  process.env.GITHUB_TOKEN = h.sim.createInstallationToken('acme');
  delete process.env.GITHUB_API_URL;
  delete process.env.GH_TOKEN;
});
afterEach(async () => {
  process.env = { ...saved };
  expect(h.sim.rejected).toEqual([]);
  await h.close();
});

async function check(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = { out: '', err: '' };
  const code = await main(['check', 'examples/beta-service/design.yml', '--repository', 'acme/app', '--api-url', h.sim.url, '--at', '2026-11-22', ...argv], {
    out: (t: string) => void (io.out += t),
    err: (t: string) => void (io.err += t),
    isTTY: false,
  });
  return { code, ...io };
}

describe('assure check --repository', () => {
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

  it('is refused with --config, and without a token', async () => {
    expect((await check(['--config', '.github/assure.yml'])).code).toBe(2);
    delete process.env.GITHUB_TOKEN;
    const run = await check([]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('set GITHUB_TOKEN');
  });
});
