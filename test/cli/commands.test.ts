import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

describe('assure init', () => {
  it('writes a starter that checks cleanly, and never overwrites', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assure-init-'));
    const first = runCli(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    const written = readFileSync(join(dir, 'design.yml'), 'utf8');
    expect(written).toContain('service:');
    const check = runCli(['check', 'design.yml', '--format', 'json', '--at', '2026-12-01'], { cwd: dir });
    expect([0, 1]).toContain(check.code);
    expect(JSON.parse(check.stdout).schemaVersion).toBe(2);
    writeFileSync(join(dir, 'design.yml'), 'service:\n  name: mine\n');
    const again = runCli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; assure init never overwrites/);
    expect(readFileSync(join(dir, 'design.yml'), 'utf8')).toBe('service:\n  name: mine\n');
  });
});

describe('assure check on a manifest that says nothing but its name', () => {
  it('is not compliant against the built-in library, and lists what to declare apart from what to fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assure-bare-'));
    writeFileSync(join(dir, 'design.yml'), 'service:\n  name: Bare\n');
    const run = runCli(['check', 'design.yml', '--at', '2026-12-01'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).not.toContain('Failures');
    expect(run.stdout).toMatch(/To declare \(\d+\)/);
    expect(run.stdout).toContain('`source.visibility`');
    expect(run.stdout).toContain('[needed to certify]');
    expect(run.stdout.trim().split('\n').pop()).toMatch(/^\d+ unknown, (\d+ warn, )?\d+ not-applicable: not compliant$/);
    const md = runCli(['check', 'design.yml', '--at', '2026-12-01', '--format', 'markdown'], { cwd: dir });
    expect(md.stdout).toMatch(/#### To declare \(\d+\)/);
    expect(md.stdout).not.toContain('#### What to fix');
  });
});

describe('assure check --fail-on, --quiet and --no-color', () => {
  const beta = ['check', 'examples/beta-service/design.yml', '--at', '2026-12-01'];
  const compliant = ['check', 'examples/compliant-service/design.yml', '--at', '2026-12-01'];
  const cli = async (argv: string[], isTTY = false) => {
    const { main } = await import('../../cli/main.js');
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTTY });
    return { code, out, err };
  };

  it('--fail-on decides which findings exit 1, as the Action input does', async () => {
    expect((await cli([...beta, '--quiet'])).code).toBe(1);
    expect((await cli([...beta, '--quiet', '--fail-on', 'never'])).code).toBe(0);
    expect((await cli([...compliant, '--quiet', '--fail-on', 'should'])).code).toBe(0);
    expect((await cli([...beta, '--quiet', '--fail-on', 'should'])).code).toBe(1);
    expect(await cli([...beta, '--fail-on', 'sometimes'])).toMatchObject({ code: 2, err: 'assure check: --fail-on sometimes: use one of must, should, never\n' });
  }, 60_000);

  it('--quiet prints only the verdict line', async () => {
    expect(await cli([...beta, '--quiet'])).toEqual({ code: 1, out: '77 pass, 1 fail, 1 contradiction, 3 unknown, 10 warn, 24 not-applicable: not compliant\n', err: '' });
  }, 60_000);

  it('--no-color keeps colour out even on a terminal', async () => {
    expect((await cli(beta, true)).out).toContain('\u001b[');
    expect((await cli([...beta, '--no-color'], true)).out).not.toContain('\u001b[');
  }, 60_000);
});

describe('assure list, explain and schema', () => {
  it('lists every artefact with id, title, kind, severity, status and source', () => {
    const run = runCli(['list', '--format', 'json']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThanOrEqual(43);
    for (const row of rows) {
      for (const key of ['id', 'title', 'kind', 'severity', 'status', 'source']) expect(row[key], `${String(row.id)} ${key}`).toBeTruthy();
    }
  });

  it('explains an artefact, and says so when there is no such artefact', () => {
    const id = (JSON.parse(runCli(['list', '--format', 'json']).stdout) as Array<{ id: string }>)[0]!.id;
    const run = runCli(['explain', id]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${id}: `));
    expect(run.stdout).toMatch(/Rules:/);
    expect(run.stdout).toMatch(/Source: https:\/\//);
    const missing = runCli(['explain', 'NOPE-1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no artefact "NOPE-1"/);
  });

  it('prints the manifest schema, and the configuration schema', () => {
    const run = runCli(['schema']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).title).toBe('assure design manifest');
    expect(JSON.parse(runCli(['schema', 'config']).stdout).title).toBe('assure configuration (.github/assure.yml)');
    expect(runCli(['schema', 'nope'])).toMatchObject({ code: 2, stderr: 'assure schema: "nope" is not one of manifest, artefact, collector, report, config\n' });
  });

  it('names the command once in an error', () => {
    expect(runCli(['explain'])).toMatchObject({ code: 2, stderr: 'assure explain: name an artefact, e.g. `assure explain DDTS-cloud-hosting-platform` (see `assure list`)\n' });
  });

  it('answers --help for every command', () => {
    for (const command of ['check', 'init', 'list', 'explain', 'lint-policies', 'test-policies', 'schema']) {
      const run = runCli([command, '--help']);
      expect(run.code, command).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`Usage: assure ${command}`));
    }
  });
});

describe('assure check --output', () => {
  it('writes the report to a file and refuses to overwrite the manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assure-out-'));
    const manifest = join(dir, 'design.yml');
    writeFileSync(manifest, 'service:\n  name: x\n');
    const out = join(dir, 'report.sarif');
    const run = runCli(['check', manifest, '--format', 'sarif', '--output', out]);
    expect([0, 1]).toContain(run.code);
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
    const clobber = runCli(['check', manifest, '--output', manifest]);
    expect(clobber.code).toBe(2);
    expect(readFileSync(manifest, 'utf8')).toBe('service:\n  name: x\n');
    expect(existsSync(out)).toBe(true);
  });
});
