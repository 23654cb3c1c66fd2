import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, loadArtefacts } from '../../src/index.js';
import type { Evidence, Observation } from '../../src/evidence/types.js';
import { renderJson, renderMarkdown, renderText, toJsonReport, toSarif } from '../../src/reports/index.js';
import { createAjv } from '../../src/schema/ajv.js';
import { manifestOf, root } from '../helpers.js';

const tool = { name: 'assure', version: '0.1.0' };
const HEAD = 'kind: standard\nowner: T\nstatus: published\nversion: 1\nreview_by: 2027-01-01\nsource: https://e.org/std\nexemptable: true\n';
const set = loadArtefacts([
  {
    path: 'a.yml',
    text: `${HEAD}id: T-stack\ntitle: Stack\nseverity: must\nrules:\n  frameworks-supported:\n    given: $.frameworks[*].version\n    assert: { minVersion: "8" }\n    message: 'Rails {{value}} is out of support'\n  threat-model:\n    description: A threat model exists\n    given: $\n    assert: { required: [security] }\n`,
  },
]);

const evidence = new Map<string, Evidence>([
  ['$.languages[0].version', { file: 'Gemfile.lock', line: 212, collector: 'bundler' }],
  ['$.frameworks[0].version', { file: 'Gemfile.lock', line: 98, collector: 'bundler' }],
]);
const observed: Observation = {
  data: { languages: [{ name: 'ruby', version: '3.2.2' }], frameworks: [{ name: 'rails', version: '7.0.8' }] },
  evidence,
  notes: [{ kind: 'cap', message: 'Only the first 200 workflow files were read' }],
};
const manifest = manifestOf('service:\n  name: Apply\nlanguages:\n  - name: ruby\n    version: "3.4"\n');
const ev = evaluate(manifest, set.artefacts, { today: '2026-12-01', observed });

describe('reports with evidence', () => {
  it('text: the contradiction with both places, provenance of an observed finding, and what to declare apart from what to fix', () => {
    const text = renderText(ev, { color: false });
    expect(text).toContain('Declared, but the repository shows otherwise (1)');
    expect(text).toContain('languages[ruby].version is declared as 3.4 in design.yml:5, but the repository shows 3.2.2');
    expect(text).toContain('observed in Gemfile.lock:212 (bundler)');
    expect(text).toContain('Failures (1)\n  T-stack/frameworks-supported  observed in Gemfile.lock:98 (bundler)\n    Rails 7.0.8 is out of support');
    expect(text).toContain('To declare (1)');
    expect(text.indexOf('Failures (1)')).toBeLessThan(text.indexOf('To declare (1)'));
    expect(text).toContain('Only the first 200 workflow files were read');
    expect(text.trim().split('\n').pop()).toBe('1 fail, 1 contradiction, 1 unknown: not compliant');
  });

  it('markdown: a contradictions table with both places, "To declare" apart from "What to fix", provenance linked', () => {
    const md = renderMarkdown(ev, { fileLink: (f, l) => `https://github.com/o/r/blob/abc/${f}#L${l}` });
    expect(md).toContain('#### What to fix (1)');
    expect(md).toContain('#### Declared, but the repository shows otherwise (1)');
    expect(md).toContain('| `languages[0].version` | 3.4 ([design.yml:5](https://github.com/o/r/blob/abc/design.yml#L5)) | 3.2.2 ([Gemfile.lock:212 (bundler)](https://github.com/o/r/blob/abc/Gemfile.lock#L212)) |');
    expect(md).toContain('observed in [Gemfile.lock:98 (bundler)](https://github.com/o/r/blob/abc/Gemfile.lock#L98)');
    expect(md).toContain('#### To declare (1)');
    expect(md.indexOf('#### What to fix')).toBeLessThan(md.indexOf('#### To declare'));
    expect(md).toContain('| 1 | 1 | 0 | 0 | 1 |');
  });

  it('json: source and evidence per result, the contradiction with both places, valid against the schema', () => {
    const report = toJsonReport(ev, tool);
    expect(report.schemaVersion).toBe(2);
    const contradiction = report.results.find((r) => r.status === 'contradiction')!;
    expect(contradiction).toMatchObject({
      source: 'declared',
      countsAs: 'fail',
      contradiction: {
        declared: { value: '3.4', file: 'design.yml', line: 5 },
        observed: { value: '3.2.2', file: 'Gemfile.lock', line: 212, collector: 'bundler' },
      },
    });
    expect(report.results.find((r) => r.status === 'fail')).toMatchObject({ source: 'observed', evidence: { file: 'Gemfile.lock', line: 98, collector: 'bundler' }, standardUrl: 'https://e.org/std' });
    expect(report.results.find((r) => r.status === 'unknown')).toMatchObject({ source: null, countsAs: 'fail', evidence: null });
    expect(report.evidenceNotes).toEqual([{ kind: 'cap', message: 'Only the first 200 workflow files were read', file: null, line: null }]);
    const validate = createAjv({ allErrors: true }).compile(JSON.parse(readFileSync(join(root, 'schema', 'report.schema.json'), 'utf8')));
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
    expect(renderJson(ev, tool)).toBe(`${JSON.stringify(report)}\n`);
  });

  it('sarif: the manifest line as the location and the evidence as a related location', () => {
    const log = toSarif(ev, { ...tool, informationUri: 'https://example.org', artefacts: [] });
    const results = log.runs[0]!.results!;
    const contradiction = results.find((r) => r.ruleId === 'evidence/bundler')!;
    expect(contradiction.level).toBe('error');
    expect(contradiction.locations![0]!.physicalLocation).toMatchObject({ artifactLocation: { uri: 'design.yml' }, region: { startLine: 5 } });
    expect(contradiction.relatedLocations).toEqual([
      { id: 1, physicalLocation: { artifactLocation: { uri: 'Gemfile.lock' }, region: { startLine: 212 } }, message: { text: 'observed by bundler' } },
    ]);
    const unknown = results.find((r) => r.ruleId === 'T-stack/threat-model')!;
    expect(unknown.properties).toEqual({ status: 'unknown' });
    const warned = toSarif(evaluate(manifest, set.artefacts, { today: '2026-12-01', observed, contradictions: 'warn', unknown: { must: 'notice' } }), { ...tool, informationUri: 'https://example.org', artefacts: [] });
    expect(warned.runs[0]!.results!.find((r) => r.ruleId === 'evidence/bundler')!.level).toBe('warning');
    expect(warned.runs[0]!.results!.find((r) => r.ruleId === 'T-stack/threat-model')!.level).toBe('note');
  });
});
