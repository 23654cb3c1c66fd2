// The built-in library as a whole: it loads cleanly, every artefact is tested, the catalogue is in
// sync, and the schemas committed are the ones their sources generate.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinArtefactFiles, loadArtefacts } from '../src/index.js';
import { renderPoliciesReadme } from '../src/catalogue/policies-readme.js';
import { runCli } from './cli/run.js';
import { root } from './helpers.js';

const set = loadArtefacts(builtinArtefactFiles());

describe('the built-in artefact library', () => {
  it('loads without problems and holds at least 35 service and 8 school artefacts', () => {
    expect(set.problems).toEqual([]);
    expect(set.artefacts.filter((a) => a.profile === 'service').length).toBeGreaterThanOrEqual(35);
    expect(set.artefacts.filter((a) => a.profile === 'school').length).toBeGreaterThanOrEqual(8);
  });

  it('passes lint-policies and test-policies, with at least two cases per artefact', () => {
    const lint = runCli(['lint-policies', 'policies']);
    expect(lint.code, lint.stdout).toBe(0);
    const tests = runCli(['test-policies', 'policies']);
    expect(tests.code, tests.stdout).toBe(0);
    const [, passed, failed] = /^(\d+) passed, (\d+) failed \(cases\)/m.exec(tests.stdout) ?? [];
    expect(Number(failed)).toBe(0);
    expect(Number(passed)).toBeGreaterThanOrEqual(2 * set.artefacts.length);
  });

  it('never lets a recommendation fail, and never exempts a legal requirement', () => {
    // The one deliberate exception: cloud first is advice, but new on-premises hosting is not accepted.
    const mustRulesInRecommendations = set.artefacts
      .filter((a) => a.severity !== 'must')
      .flatMap((a) => a.rules.filter((r) => r.severity === 'must').map((r) => `${a.id}/${r.id}`));
    expect(mustRulesInRecommendations).toEqual(['DFE-ARCH-cloud-first/not-on-premises']);
    expect(set.artefacts.filter((a) => a.id === 'DFE-TG-default-technology-stack').flatMap((a) => a.rules.map((r) => r.severity))).toEqual(['should', 'should']);
    expect(set.artefacts.filter((a) => !a.exemptable).map((a) => a.id)).toEqual(['DDTS-accessibility-conformance', 'DDTS-accessibility-statements', 'DDTS-data-protection']);
  });

  it('carries a dated end-of-support table for the runtimes DfE uses', () => {
    const legacy = set.artefacts.find((a) => a.id === 'DFE-ARCH-supported-technology')!;
    const table = (legacy.definition.tables as { end_of_support: Record<string, { source: string; rows: unknown[] }> }).end_of_support;
    for (const product of ['dotnet', 'dotnetfx', 'ruby', 'rails', 'nodejs', 'postgresql', 'mssqlserver', 'mysql']) {
      expect(table[product]?.rows.length, product).toBeGreaterThan(2);
      expect(table[product]?.source, product).toBe(`https://endoflife.date/${product}`);
    }
  });

  it('keeps policies/README.md in sync with the artefacts (npm run policies:readme)', () => {
    expect(readFileSync(join(root, 'policies', 'README.md'), 'utf8')).toBe(renderPoliciesReadme(set.artefacts));
  });
});

describe('committed schemas', () => {
  it.each([
    ['scripts/manifest-schema.src.mjs', 'schema/design-manifest.schema.json'],
    ['scripts/artefact-schema.src.mjs', 'schema/artefact.schema.json'],
    ['scripts/report-schema.src.mjs', 'schema/report.schema.json'],
  ])('%s generates %s', (script, schema) => {
    const generated = execFileSync(process.execPath, [join(root, script)], { encoding: 'utf8' });
    expect(readFileSync(join(root, schema), 'utf8')).toBe(generated);
  });

  it('every policy folder holds only artefacts, their tests, the README and the end-of-support snapshot', () => {
    const visit = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? visit(join(dir, e.name)) : [join(dir, e.name)]));
    const isEolSnapshot = (f: string): boolean => /[/\\]policies[/\\]eol[/\\][a-z0-9-]+\.json$/.test(f);
    const strays = visit(join(root, 'policies')).filter((f) => !/\.ya?ml$/.test(f) && !f.endsWith('README.md') && !isEolSnapshot(f));
    expect(strays).toEqual([]);
  });
});
