// `assure sweep` and `assure register` at the edges: progress on a terminal only, and an API that cannot
// be reached reported as such, quickly, without blaming --actor.
import { createServer } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { sweep } from '../../cli/commands/sweep.js';
import { loadConfig } from '../../github/config/load.js';
import { startHarness, type Harness } from '../github/harness.js';
import { approvedRecord, seedException } from '../../scripts/support/seeded-exceptions.js';
import { keyEnv, testKeys } from '../keys.js';

const saved = { ...process.env };
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
});
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  process.env.GITHUB_TOKEN = 'token';
  Object.assign(process.env, keyEnv());
  delete process.env.GITHUB_REPOSITORY;
  delete process.env.ASSURE_ACTOR;
  delete process.env.GITHUB_API_URL;
});
afterEach(() => {
  process.env = { ...saved };
});

function capture() {
  const io = { out: '', err: '' };
  return { io, output: { out: (t: string) => void (io.out += t), err: (t: string) => void (io.err += t), isTTY: false } };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('an API that cannot be reached', () => {
  it.each([
    ['register, finding out who the token is', ['register', '--repository', 'acme/architecture']],
    ['register --format csv', ['register', '--format', 'csv', '--repository', 'acme/architecture', '--actor', 'assure[bot]']],
    ['sweep', ['sweep', '--repository', 'acme/architecture', '--actor', 'assure[bot]']],
    ['sweep --dry-run', ['sweep', '--dry-run', '--repository', 'acme/architecture']],
  ])('is reported as such by %s, soon, with exit code 2', async (_name, argv) => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { io, output } = capture();
    const started = performance.now();
    const code = await main([...argv, '--api-url', url], output);
    // Loose: the retry plugin's back-off alone (1 + 4 + 9 s) would take longer.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(code).toBe(2);
    expect(io.err).toMatch(new RegExp(`cannot reach the GitHub API at ${url.replace(/\./g, '\\.')}: .*ECONNREFUSED`));
    expect(io.err).not.toContain('actor');
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.out).toBe('');
  });
});

describe('progress', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00Z' });
    h.sim.addRepo({ owner: 'acme', name: 'architecture', files: { '.github/assure.yml': 'exceptions:\n  repository: acme/architecture\n' } });
    process.env.GITHUB_TOKEN = h.sim.createInstallationToken('acme');
    const config = await loadConfig(h.ctx(), { owner: 'acme', repo: 'architecture' });
    for (const design of ['acme/app', 'acme/web']) seedException(h.sim, 'acme/architecture', config, approvedRecord({ design, expires: '2099-12-31' }), testKeys(), '2026-11-22');
  });
  afterEach(async () => {
    expect(h.sim.rejected).toEqual([]);
    await h.close();
  });

  const argv = () => ['--repository', 'acme/architecture', '--api-url', h.sim.url, '--actor', h.sim.botLogin];

  it('is shown on standard error when it is a terminal, and cleared before the summary', async () => {
    const { io, output } = capture();
    expect(await sweep(argv(), output, { isTTY: true })).toBe(0);
    expect(io.err).toContain('\r\x1b[Kswept 2/2 exemptions');
    expect(io.err.endsWith('\r\x1b[K')).toBe(true);
    expect(io.out).toContain('swept acme/architecture');
    expect(io.out).not.toContain('\r');

    const dry = capture();
    expect(await sweep(['--dry-run', ...argv()], dry.output, { isTTY: true })).toBe(0);
    expect(dry.io.err).toContain('\r\x1b[Kchecked 2/2 exemptions');
  });

  it('is not written when standard error is not a terminal', async () => {
    const { io, output } = capture();
    expect(await sweep(argv(), output, { isTTY: false })).toBe(0);
    expect(io.err).toBe('');
    expect(io.out).toContain('swept acme/architecture');
  });
});
