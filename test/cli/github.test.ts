// `assure sweep` and `assure register` against the local GitHub, as a platform team would run them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { loadConfig } from '../../github/config/load.js';
import { readRecord } from '../../github/exceptions/record.js';
import { addDays, calendarDate } from '../../src/index.js';
import { startHarness, type Harness } from '../github/harness.js';
import { approvedRecord, seedException } from '../../scripts/support/seeded-exceptions.js';
import { keyEnv, testKeys } from '../keys.js';

let h: Harness;
const saved = { ...process.env };
// The local GitHub and the CLI both act at this instant (--at): nothing reads the wall clock.
const NOW = '2026-03-10T10:00:00Z';
const today = calendarDate(new Date(NOW), 'Europe/London');

beforeEach(async () => {
  h = await startHarness({ now: NOW });
  h.sim.addRepo({ owner: 'acme', name: 'architecture', files: { '.github/assure.yml': 'exceptions:\n  repository: acme/architecture\n' } });
  process.env.GITHUB_TOKEN = h.sim.createInstallationToken('acme');
  Object.assign(process.env, keyEnv());
  delete process.env.GITHUB_REPOSITORY;
});
afterEach(async () => {
  process.env = { ...saved };
  expect(h.sim.rejected).toEqual([]);
  await h.close();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false });
  return { code, out, err };
}

const connection = () => ['--repository', 'acme/architecture', '--api-url', h.sim.url, '--actor', h.sim.botLogin, '--at', NOW];

async function seedPair(): Promise<{ lapsed: number; current: number }> {
  const config = await loadConfig(h.ctx(), { owner: 'acme', repo: 'architecture' });
  const lapsed = seedException(h.sim, 'acme/architecture', config, approvedRecord({ expires: addDays(today, -1) }), testKeys(), today);
  const current = seedException(h.sim, 'acme/architecture', config, approvedRecord({ design: 'acme/web', artefact: 'DFE-TG-licensing', expires: addDays(today, 100), conditions: ['=HYPERLINK("x")'] }), testKeys(), today);
  return { lapsed, current };
}

describe('assure sweep', () => {
  it('prints what a dry run would change and changes nothing, then sweeps', async () => {
    const { lapsed } = await seedPair();
    const dry = await cli('sweep', '--dry-run', ...connection());
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`would sweep acme/architecture as of ${today}: 2 exception issue(s), 1 change(s)`);
    expect(dry.out).toContain(`#${lapsed} acme/app GOV-mandated-notify: would expire (last day ${addDays(today, -1)})`);
    expect(dry.out).toContain('exemptions register: would create');
    expect(readRecord(h.sim.issue('acme/architecture', lapsed).body, testKeys(), { repository: 'acme/architecture', issue: lapsed })).toMatchObject({ record: { status: 'approved' } });

    const real = await cli('sweep', ...connection());
    expect(real.code).toBe(0);
    expect(real.out).toContain(`#${lapsed} acme/app GOV-mandated-notify: expired (last day ${addDays(today, -1)})`);
    expect(real.out).toContain('exemptions register: created');
    expect(readRecord(h.sim.issue('acme/architecture', lapsed).body, testKeys(), { repository: 'acme/architecture', issue: lapsed })).toMatchObject({ record: { status: 'expired' } });
    expect((await cli('sweep', ...connection())).out).toContain('0 change(s)');
  });

  it('sweeps several repositories in turn', async () => {
    await seedPair();
    h.sim.addRepo({ owner: 'acme', name: 'platform', files: { '.github/assure.yml': 'exceptions:\n  repository: acme/platform\n' } });
    const both = await cli('sweep', '--dry-run', '--repository', 'acme/architecture', '--repository', 'acme/platform', '--api-url', h.sim.url, '--actor', h.sim.botLogin, '--at', NOW);
    expect(both.code).toBe(0);
    expect(both.out).toContain('would sweep acme/architecture');
    expect(both.out).toContain('would sweep acme/platform as of');
  });

  it('says what is missing instead of failing obscurely', async () => {
    delete process.env.ASSURE_SIGNING_KEY;
    const noKey = await cli('sweep', ...connection());
    expect(noKey).toMatchObject({ code: 2 });
    expect(noKey.err).toContain('ASSURE_SIGNING_KEY');
    Object.assign(process.env, keyEnv());
    const badRepo = await cli('sweep', '--repository', 'not a repo', '--api-url', h.sim.url, '--actor', 'x');
    expect(badRepo.err).toContain('write it as OWNER/REPO');
    const badAt = await cli('register', '--repository', 'acme/architecture', '--api-url', h.sim.url, '--actor', 'x', '--at', 'soon');
    expect(badAt).toMatchObject({ code: 2, err: 'assure register: --at soon: not a date; write YYYY-MM-DD\n' });
  });
});

describe('assure register', () => {
  it('prints the register as Markdown with a Gantt chart, as CSV safe for spreadsheets, and as JSON', async () => {
    const { current } = await seedPair();
    const markdown = await cli('register', ...connection());
    expect(markdown.code).toBe(0);
    expect(markdown.out).toContain('1 exemption(s) in force');
    expect(markdown.out).toContain('```mermaid');
    const csv = await cli('register', '--format', 'csv', ...connection());
    const lines = csv.out.trim().split('\r\n');
    expect(lines[0]).toBe('issue,url,repository,artefact,kind,status,area,requester,approvers,conditions,approved,expires,realign_by,days_left');
    const row = lines.find((l) => l.startsWith(`${current},`))!;
    expect(row).toContain(`acme/web,DFE-TG-licensing,minor,approved`);
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row.endsWith(',100')).toBe(true);
    const json = JSON.parse((await cli('register', '--format', 'json', ...connection())).out) as { rows: Array<{ status: string }> };
    expect(json.rows.map((r) => r.status).sort()).toEqual(['approved', 'expired']);
    expect((await cli('register', '--format', 'xml', ...connection())).code).toBe(2);
  });
});
