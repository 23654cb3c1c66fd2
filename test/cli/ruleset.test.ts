// An organisation's ruleset adapts the built-in library: rules switched off or re-graded, an
// artefact replaced, every change listed in the report, and the law never relaxed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinArtefactFiles, evaluate, loadArtefacts } from '../../src/index.js';
import { runCli } from './run.js';
import { manifestOf, root } from '../helpers.js';

const org = 'test/fixtures/rulesets/org';
const beta = 'examples/beta-service/design.yml';

describe('an organisation ruleset through assure check --policies', () => {
  it('switches a rule off, raises another, switches an artefact off and replaces one, and the text report lists each', () => {
    const run = runCli(['check', beta, '--at', '2026-12-01', '--policies', org]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain("Changed by the organisation's ruleset (4)");
    expect(run.stdout).toContain(`GOV-mandated-notify/email-via-notify switched off: Our contract with SendGrid runs to 2027  ${org}/ruleset.yml:6`);
    expect(run.stdout).toContain(`DFE-ARCH-security-monitoring/siem raised from should to must  ${org}/ruleset.yml:10`);
    expect(run.stdout).toContain('DFE-TG-licensing switched off');
    expect(run.stdout).toContain(`DFE-TG-naming-things replaced by the organisation's own (${org}/naming.yml)`);
    expect(run.stdout).not.toContain('GOV-mandated-notify/email-via-notify  ');
    expect(run.stdout).toMatch(/Failures \(1\)\n {2}DFE-ARCH-security-monitoring\/siem/);
  });

  it('lists the overrides in the JSON and Markdown reports', () => {
    const json = JSON.parse(runCli(['check', beta, '--at', '2026-12-01', '--policies', org, '--format', 'json']).stdout) as { overrides: Array<Record<string, unknown>>; results: Array<{ artefact: string; rule: string; status: string }> };
    expect(json.overrides).toContainEqual({ artefact: 'GOV-mandated-notify', rule: 'email-via-notify', change: 'off', from: null, to: null, replacement: null, reason: 'Our contract with SendGrid runs to 2027', file: `${org}/ruleset.yml`, line: 6 });
    expect(json.overrides).toContainEqual(expect.objectContaining({ artefact: 'DFE-ARCH-security-monitoring', rule: 'siem', change: 'severity', from: 'should', to: 'must' }));
    expect(json.results.filter((r) => r.artefact === 'DFE-TG-licensing')).toEqual([]);
    expect(json.results.find((r) => r.artefact === 'DFE-ARCH-security-monitoring' && r.rule === 'siem')?.status).toBe('fail');
    const markdown = runCli(['check', beta, '--at', '2026-12-01', '--policies', org, '--format', 'markdown']).stdout;
    expect(markdown).toContain("Changed by the organisation's ruleset");
    expect(markdown).toContain('DFE-TG-licensing switched off');
  });

  it('refuses to switch off or weaken a legal artefact, naming the file and line of each attempt', () => {
    const run = runCli(['check', beta, '--at', '2026-12-01', '--policies', 'test/fixtures/rulesets/legal']);
    expect(run.code).toBe(2);
    const file = 'test/fixtures/rulesets/legal/ruleset.yml';
    expect(run.stderr).toContain(`${file}:4:15: error: DDTS-data-protection encodes a legal requirement (exemptable: false): it cannot be switched off`);
    expect(run.stderr).toContain(`${file}:6:15: error: DDTS-accessibility-conformance encodes a legal requirement (exemptable: false): its severity cannot be lowered from must to should`);
    expect(run.stderr).toContain(`${file}:9:28: error: DDTS-accessibility-statements encodes a legal requirement (exemptable: false): rule statement-published cannot be lowered from must to may`);
    expect(run.stderr).toContain(`${file}:10:15: error: no artefact has the id "NO-SUCH-artefact"`);
  });

  it('says what a malformed ruleset lacks, with its line', () => {
    const files = [...builtinArtefactFiles(), { path: 'org/ruleset.yml', text: 'extends: builtin\noverrides:\n  - artefact: DFE-TG-licensing\n    severity: sometimes\n' }];
    const { problems } = loadArtefacts(files);
    expect(problems).toEqual([expect.objectContaining({ file: 'org/ruleset.yml', line: 4, level: 'error', message: expect.stringContaining('must be one of "must", "should", "may", "off"') })]);
  });
});

describe('rulesets in the engine, for every front door', () => {
  const ruleset = readFileSync(join(root, org, 'ruleset.yml'), 'utf8');
  const naming = readFileSync(join(root, org, 'naming.yml'), 'utf8');

  it('gives the same result from files passed in directly (as the GitHub layer passes them) and leaves the shared built-in artefacts untouched', () => {
    const builtin = loadArtefacts(builtinArtefactFiles());
    const adapted = loadArtefacts([...builtinArtefactFiles(), { path: 'acme/policies/ruleset.yml', text: ruleset }, { path: 'acme/policies/naming.yml', text: naming }]);
    expect(adapted.problems).toEqual([]);
    expect(adapted.overrides.map((o) => `${o.artefact}/${o.rule ?? '*'} ${o.change}`).sort()).toEqual([
      'DFE-ARCH-security-monitoring/siem severity',
      'DFE-TG-licensing/* off',
      'DFE-TG-naming-things/* replace',
      'GOV-mandated-notify/email-via-notify off',
    ]);
    const design = manifestOf('service: { name: Example }\nsource: { repository: acme.web-app }\nmonitoring: { siem: false }\n');
    const withRuleset = evaluate(design, adapted.artefacts, { today: '2026-12-01' });
    const plain = evaluate(design, builtin.artefacts, { today: '2026-12-01' });
    const status = (ev: typeof plain, artefact: string, rule: string): string | undefined => ev.results.find((r) => r.artefact === artefact && r.rule === rule)?.status;
    expect(adapted.artefacts.find((a) => a.id === 'DFE-TG-naming-things')?.title).toBe('Name repositories after the product');
    expect(builtin.artefacts.find((a) => a.id === 'DFE-TG-naming-things')?.title).toBe('Name repositories with hyphens, after the service');
    expect(status(withRuleset, 'DFE-ARCH-security-monitoring', 'siem')).toBe('fail');
    expect(status(plain, 'DFE-ARCH-security-monitoring', 'siem')).toBe('warn');
    expect(withRuleset.overrides).toHaveLength(4);
    expect(plain.overrides).toEqual([]);
  });

  it('refuses a second artefact with a built-in id unless a ruleset replaces it', () => {
    const { problems } = loadArtefacts([...builtinArtefactFiles(), { path: 'acme/policies/naming.yml', text: naming }]);
    expect(problems).toEqual([expect.objectContaining({ level: 'error', message: expect.stringContaining('duplicate artefact id "DFE-TG-naming-things"') })]);
  });
});
