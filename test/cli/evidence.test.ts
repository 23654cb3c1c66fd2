import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { root } from '../helpers.js';
import { runCli } from './run.js';

const RAILS = 'test/fixtures/repos/rails-service';
// Each case runs the built CLI several times; on a busy machine a cold start takes seconds.
vi.setConfig({ testTimeout: 240_000 });

describe('assure facts', () => {
  it('prints each fixture repository\'s facts with file, line and collector', () => {
    for (const [repo, expected] of [
      [RAILS, /version: 3\.2\.2 {2}# \.ruby-version:1 \(runtimes\)/],
      ['test/fixtures/repos/dotnet-service', /licence: MIT {2}# LICENCE\.md:1 \(licence\)/],
      ['test/fixtures/repos/node-service', /dast: zap {2}# \.github\/workflows\/ci\.yml:51 \(ci\)/],
    ] as const) {
      const run = runCli(['facts', repo]);
      expect(run.code, repo).toBe(0);
      expect(run.stdout).toMatch(expected);
      expect(run.stdout).toMatch(/# Notes:\n# {3}unavailable: repository settings were not read/);
      // The output is the observed document itself, in the manifest's shape.
      expect((parse(run.stdout) as { ci: { platform: string } }).ci.platform).toBe('github-actions');
    }
  });

  it('prints JSON with every fact\'s path and provenance', () => {
    const run = runCli(['facts', RAILS, '--format', 'json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { data: Record<string, unknown>; facts: Array<Record<string, unknown>>; notes: unknown[] };
    expect(out.facts).toContainEqual({ path: '$.source.licence', file: '.', collector: 'licence', detail: 'no LICENCE or LICENSE file at the root of the repository' });
    expect(out.facts).toContainEqual(expect.objectContaining({ path: '$.frameworks[0].version', file: 'Gemfile.lock', line: 45 }));
    expect(out.data.languages).toEqual([{ name: 'ruby', version: '3.2.2' }]);
  });

  it('refuses a folder that does not exist and an unknown format', () => {
    expect(runCli(['facts', 'no/such/folder']).stderr).toMatch(/facts no\/such\/folder: no such folder/);
    expect(runCli(['facts', RAILS, '--format', 'xml']).code).toBe(2);
  });

  it("runs the organisation's collectors from --policies DIR/collectors, and stops on a bad one with its file and line", () => {
    const dir = mkdtempSync(join(tmpdir(), 'assure-collectors-'));
    mkdirSync(join(dir, 'collectors'));
    writeFileSync(join(dir, 'collectors', 'puma.yml'), 'kind: collector\nid: puma\nfiles: Gemfile.lock\nregex: "^    puma \\\\(([0-9.]+)\\\\)$"\npath: cms.product\n');
    const run = runCli(['facts', RAILS, '--policies', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/product: 6\.4\.2 {2}# Gemfile\.lock:\d+ \(puma\)/);
    writeFileSync(join(dir, 'collectors', 'bad.yml'), 'kind: collector\nid: bad\nfiles: x\nregex: "(a*)*"\npath: cms.product\n');
    const bad = runCli(['facts', RAILS, '--policies', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/collectors\/bad\.yml:4:\d+: error: regex: a repeated group/);
    // The artefact loader leaves a policies folder's collectors/ alone.
    const check = runCli(['check', join(RAILS, 'missing.yml'), '--policies', dir]);
    expect(check.stderr).not.toMatch(/bad\.yml.*artefact/);
  });
});

describe('assure init --from-repo', () => {
  it('writes a starter filled from the repository, citing evidence, and never overwrites', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assure-from-repo-'));
    const target = join(dir, 'design.yml');
    const run = runCli(['init', target, '--from-repo', RAILS]);
    expect(run.code).toBe(0);
    const written = readFileSync(target, 'utf8');
    expect(written).toMatch(/ {4}version: 3\.2\.2 {2}# observed in \.ruby-version:1 \(runtimes\)/);
    expect(written).toMatch(/licence: none {2}# observed in the repository \(licence\): no LICENCE or LICENSE file/);
    expect(written).toMatch(/^# continuity:/m);
    expect(written).toMatch(/ {2}wcag_version: "?2\.2"? {2}# observed in app\/views\/pages\/accessibility\.html\.erb:13 \(accessibility\)/);
    const check = runCli(['check', target, '--repo', RAILS, '--format', 'json', '--at', '2026-12-01']);
    expect([0, 1]).toContain(check.code);
    writeFileSync(target, 'service:\n  name: mine\n');
    const again = runCli(['init', target, '--from-repo', RAILS]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; assure init never overwrites/);
    expect(readFileSync(target, 'utf8')).toBe('service:\n  name: mine\n');
  });

  it('defaults to the current folder and to design.yml in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assure-from-repo-'));
    writeFileSync(join(dir, '.ruby-version'), '3.3.6\n');
    const run = runCli(['init', '--from-repo'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'design.yml'), 'utf8')).toMatch(/version: 3\.3\.6 {2}# observed in \.ruby-version:1/);
  });
});

describe('assure check and evidence', () => {
  it('reads evidence from --repo, refuses a missing one, and can be told not to read any', () => {
    const manifest = 'examples/beta-service/design.yml';
    expect([0, 1]).toContain(runCli(['check', manifest, '--at', '2026-12-01']).code);
    expect([0, 1]).toContain(runCli(['check', manifest, '--no-evidence', '--at', '2026-12-01']).code);
    const missing = runCli(['check', manifest, '--repo', 'no/such/repo']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--repo no\/such\/repo: no such folder/);
    expect(runCli(['check', manifest, '--repo', RAILS, '--no-evidence']).code).toBe(2);
  });
});

describe('the README and the --help texts', () => {
  it('list the same commands and options', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The CLI'), readme.indexOf('\n## ', readme.indexOf('## The CLI') + 1));
    for (const command of ['check', 'init', 'facts']) {
      const help = runCli([command, '--help']).stdout;
      expect(section, command).toContain(`assure ${command}`);
      for (const option of help.match(/^ {2}(--[a-z-]+)/gm) ?? []) expect(section, `${command} ${option.trim()}`).toContain(option.trim());
    }
    expect(runCli(['--help']).stdout).toMatch(/facts \[DIR\]/);
  });
});
