// `assure check` applies `.github/assure.yml` (or --config FILE) as the App and the Action do.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../github/config/load.js';
import { parseConfigFile } from '../../github/config/reader.js';
import type { GitHubContext } from '../../github/context.js';
import { silentLog } from '../../github/context.js';
import { workingTreeSource } from '../../github/design/source.js';
import { evaluateDesign } from '../../github/design/evaluate.js';
import { fixedClock } from '../../src/time/clock.js';
import { root } from '../helpers.js';
import { runCli } from './run.js';

const beta = join(root, 'examples', 'beta-service');
const manifest = join(beta, 'design.yml');
const at = '2026-12-01';
const scratch = mkdtempSync(join(tmpdir(), 'assure-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Verdict {
  ok: boolean;
  summary: Record<string, number>;
  results: Array<{ artefact: string; rule: string; status: string; countsAs?: string }>;
}

/** What decides a verdict: the counts, and how each result counts. */
function verdictOf(v: Verdict) {
  return { ok: v.ok, summary: v.summary, counted: v.results.filter((r) => r.countsAs).map((r) => `${r.artefact}/${r.rule}: ${r.status} as ${r.countsAs}`).sort() };
}

function configFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

describe('assure check with a configuration', () => {
  it('exits 0 on a failing design under mode: advisory, and says the report is advisory', () => {
    expect(runCli(['check', manifest, '--at', at, '--quiet']).code).toBe(1);
    const config = configFile('advisory.yml', 'mode: advisory\n');
    const run = runCli(['check', manifest, '--at', at, '--config', config]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('not compliant');
    expect(run.stdout).toContain(`Advisory mode (mode: advisory in ${config})`);
    // An explicit --fail-on still decides.
    expect(runCli(['check', manifest, '--at', at, '--config', config, '--fail-on', 'must', '--quiet']).code).toBe(1);
  });

  it("reads .github/assure.yml in the manifest's repository, and its manifest path", () => {
    const repo = join(scratch, 'repo');
    cpSync(beta, repo, { recursive: true });
    mkdirSync(join(repo, '.github'), { recursive: true });
    writeFileSync(join(repo, '.github', 'assure.yml'), 'mode: advisory\nmanifest: docs/service.yml\n');
    mkdirSync(join(repo, 'docs'));
    cpSync(join(repo, 'design.yml'), join(repo, 'docs', 'service.yml'));
    rmSync(join(repo, 'design.yml'));
    const run = runCli(['check', '--repo', repo, '--at', at, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/not compliant \(advisory: never fails\)/);
    expect(run.code).toBe(0);
  });

  it('refuses a configuration with a mistyped key, naming the file and line', () => {
    const config = configFile('typo.yml', 'mode: advisory\nartefacts:\n  buitin: false\n');
    const run = runCli(['check', manifest, '--at', at, '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${config}:3`);
    expect(run.stderr).toContain('artefacts.buitin: unknown key');
    expect(run.stdout).toBe('');
  });

  it('refuses a --config file that does not exist', () => {
    const run = runCli(['check', manifest, '--at', at, '--config', join(scratch, 'missing.yml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no such configuration file');
  });

  it('says on standard error that standards repositories were not read, and never checks against nothing', () => {
    const config = configFile('sources.yml', 'artefacts:\n  sources:\n    - repository: acme/standards\n');
    const run = runCli(['check', manifest, '--at', at, '--config', config, '--quiet']);
    expect(run.stderr).toContain('artefacts.sources were not read (acme/standards)');
    expect(run.code).toBe(1);
    const only = configFile('only-sources.yml', 'artefacts:\n  builtin: false\n  sources:\n    - repository: acme/standards\n');
    const refused = runCli(['check', manifest, '--at', at, '--config', only]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('artefacts.builtin is false');
  });

  it('gives the same counts as the pull request check under the same configuration', async () => {
    const text = 'time_zone: America/New_York\nunknown:\n  should: fail\nevidence:\n  contradictions: warn\n';
    const path = configFile('counts.yml', text);
    const args = ['check', manifest, '--at', at, '--format', 'json', '--repo', beta, '--fail-on', 'never'];
    const cli = runCli([...args, '--config', path]);
    expect(cli.code).toBe(0);
    const configured = verdictOf(JSON.parse(cli.stdout) as Verdict);
    // The configuration changes the verdict (a should-level unknown now counts as a failure)...
    expect(configured.counted).not.toEqual(verdictOf(JSON.parse(runCli(args).stdout) as Verdict).counted);
    expect(configured.counted.some((c) => c.endsWith('unknown as fail'))).toBe(true);

    // ...exactly as the GitHub layer's evaluation of the same files under the same file (the evidence
    // included: the CLI's --repo and the Action's checkout are read the same way).
    const read = parseConfigFile('.github/assure.yml', text);
    const config = resolveConfig({ data: read.data, files: ['.github/assure.yml'], locate: read.locate }, { owner: 'acme', repo: 'beta' });
    const ctx = { gh: {}, clock: fixedClock(`${at}T12:00:00Z`), log: silentLog, botLogin: 'assure[bot]', recordKey: 'k', membership: 'list' } as unknown as GitHubContext;
    const outcome = await evaluateDesign(ctx, config, { owner: 'acme', repo: 'beta' }, 'abc', () => Promise.resolve([]), workingTreeSource(beta));
    expect(outcome.kind).toBe('evaluated');
    if (outcome.kind !== 'evaluated') return;
    expect(configured).toEqual(verdictOf(outcome.evaluation));
  });
});
