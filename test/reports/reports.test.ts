import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/schema/ajv.js';
import { renderReport, renderMarkdown, renderText, toJsonReport, toSarif, MAX_MARKDOWN } from '../../src/reports/index.js';
import { RESULT_STATUSES, attachRegisters, builtinArtefactFiles, evaluate, loadArtefacts, parseManifest } from '../../src/index.js';
import { renderJson } from '../../src/reports/json.js';
import { root } from '../helpers.js';
import { manyFailures, sampleEvaluation } from './fixture.js';

const tool = { name: 'assure', version: '0.1.0' };

describe('text report', () => {
  const text = renderText(sampleEvaluation(), { color: false });

  it('lists what to fix with file:line:column, and counts passes without listing them', () => {
    expect(text).toContain('Failures (1)\n  DDTS-fail/rule-0  design.yml:10:3\n    Message for fail 0');
    expect(text).toContain('Lapsed exemptions (1)');
    expect(text).toContain('[EX-9]');
    expect(text).toContain('Exempted (1)');
    expect(text).toContain('[EX-12 until 2027-03-31]');
    expect(text).toContain('Exemptions that can be closed (1)');
    expect(text).toContain('Not covered by any standard (1)\n  $.ai.provider  design.yml:40');
    expect(text).toContain('Input warnings (1)');
    expect(text).not.toContain('Message for pass');
    expect(text.trim().split('\n').pop()).toBe('1 pass, 1 fail, 1 contradiction, 1 unknown, 1 warn, 1 notice, 1 exempted, 1 exemption-expired, 1 error, 1 not-applicable: not compliant');
  });

  it('uses colour only when asked', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderText(sampleEvaluation(), { color: true })).toContain('\u001b[31m');
  });
});

describe('markdown report', () => {
  it('has a verdict, counts, what to fix with links, exemptions, gaps and collapsed passes', () => {
    const md = renderMarkdown(sampleEvaluation(), { fileLink: (f, l) => `https://github.com/o/r/blob/abc/${f}#L${l}` });
    expect(md).toMatch(/^### assure: not compliant/);
    expect(md).toContain('| 1 | 1 | 1 | 1 | 1 | 1 | 1 | 1 |');
    expect(md).toContain('#### What to fix (3)');
    expect(md).toContain('[DDTS-fail](https://example.org/fail) | rule-0 | [design.yml:10](https://github.com/o/r/blob/abc/design.yml#L10) |');
    expect(md).toContain('[EX-12](https://github.com/o/r/issues/12)');
    expect(md).toContain('#### Not covered by any standard (1)');
    expect(md).toContain('<details><summary>What complies (1)</summary>');
    expect(md).toContain('<details><summary>Out of scope (1)</summary>');
  });

  it('renders what people wrote inert: no mentions, no HTML, no broken tables', () => {
    const ev = sampleEvaluation();
    ev.results[0]!.message = 'Ping @DFE-Digital/architecture | <script>alert(1)</script>\n## heading `code` [link](https://evil.example) <!-- x';
    const md = renderMarkdown(ev);
    const row = md.split('\n').find((l) => l.includes('Ping'))!;
    expect(row).not.toMatch(/@DFE-Digital/);
    expect(row).toContain('@\u200bDFE-Digital');
    expect(row).not.toContain('<script>');
    expect(row).toContain('&lt;script&gt;');
    expect(row).not.toContain('<!--');
    expect(row.split(/(?<!\\)\|/).length).toBe(6); // four cells, still one row
    expect(md.split('\n').filter((l) => l.startsWith('## heading'))).toEqual([]);
  });

  it('never exceeds 65,535 characters, and says what it left out', () => {
    const md = renderMarkdown(manyFailures(5000));
    expect(md.length).toBeLessThanOrEqual(MAX_MARKDOWN);
    expect(md).toMatch(/> \d+ rows were left out to fit GitHub's limit/);
    expect(md).toContain('#### What to fix (5000)');
    const small = renderMarkdown(manyFailures(5000), { maxLength: 4000 });
    expect(small.length).toBeLessThanOrEqual(4000);
  });

  it('says a compliant design certifies itself', () => {
    const ev = sampleEvaluation();
    ev.ok = true;
    expect(renderMarkdown(ev)).toContain('This design certifies itself: no approval is needed.');
  });
});

describe('json report', () => {
  const report = toJsonReport(sampleEvaluation(), tool);

  it('validates against schema/report.schema.json', () => {
    const validate = createAjv({ allErrors: true }).compile(JSON.parse(readFileSync(join(root, 'schema', 'report.schema.json'), 'utf8')));
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('carries artefact, rule, path, line and message, and orders results worst first', () => {
    expect(report.results.map((r) => r.status)).toEqual([...RESULT_STATUSES]);
    expect(report.results[0]).toMatchObject({ artefact: 'DDTS-fail', rule: 'rule-0', path: '$.section.item0', file: 'design.yml', line: 10, column: 3, message: 'Message for fail 0' });
    expect(report.results.find((r) => r.status === 'not-applicable')).toMatchObject({ file: null, line: null });
    expect(report.results.find((r) => r.status === 'exempted')!.exemption).toEqual({ id: 'EX-12', kind: 'minor', expires: '2027-03-31', url: 'https://github.com/o/r/issues/12' });
  });

  it('is deterministic', () => {
    expect(renderReport(sampleEvaluation(), 'json', { tool, artefacts: [] })).toBe(renderReport(sampleEvaluation(), 'json', { tool, artefacts: [] }));
  });
});

describe('sarif report', () => {
  const log = toSarif(sampleEvaluation(), { ...tool, informationUri: 'https://example.org', artefacts: [] });

  // The parts of the OASIS SARIF 2.1.0 schema that code scanning relies on (the whole log is also
  // typed against @types/sarif at compile time).
  const sarifSubset = {
    type: 'object',
    required: ['version', 'runs'],
    properties: {
      version: { const: '2.1.0' },
      runs: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['tool'],
          properties: {
            tool: { type: 'object', required: ['driver'], properties: { driver: { type: 'object', required: ['name'], properties: { rules: { type: 'array', items: { type: 'object', required: ['id'], properties: { defaultConfiguration: { properties: { level: { enum: ['none', 'note', 'warning', 'error'] } } } } } } } } } },
            results: {
              type: 'array',
              items: {
                type: 'object',
                required: ['message'],
                properties: {
                  level: { enum: ['none', 'note', 'warning', 'error'] },
                  message: { type: 'object', anyOf: [{ required: ['text'] }, { required: ['id'] }] },
                  ruleIndex: { type: 'integer', minimum: -1 },
                  locations: { type: 'array', items: { type: 'object', properties: { physicalLocation: { type: 'object', properties: { artifactLocation: { type: 'object', properties: { uri: { type: 'string', format: 'uri-reference' } } }, region: { type: 'object', properties: { startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 } } } } } } } },
                  suppressions: { type: 'array', items: { type: 'object', required: ['kind'], properties: { kind: { enum: ['inSource', 'external'] }, status: { enum: ['accepted', 'underReview', 'rejected'] } } } },
                },
              },
            },
          },
        },
      },
    },
  };

  it('is a valid SARIF 2.1.0 log', () => {
    const validate = createAjv().compile(sarifSubset);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const broken = JSON.parse(JSON.stringify(log)) as { runs: Array<{ results: Array<{ level: string }> }> };
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(broken)).toBe(false);
  });

  it('reports failures, warnings and notices with levels, and suppresses exempted findings', () => {
    const results = log.runs[0]!.results!;
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['DDTS-fail/rule-0', 'error'],
      ['DDTS-exemption-expired/rule-1', 'error'],
      ['DDTS-error/rule-2', 'error'],
      ['DDTS-contradiction/rule-3', 'error'],
      ['DDTS-unknown/rule-4', 'error'],
      ['DDTS-warn/rule-5', 'warning'],
      ['DDTS-notice/rule-6', 'note'],
      ['DDTS-exempted/rule-7', 'error'],
    ]);
    expect(results[7]!.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'Exemption EX-12 until 2027-03-31' }]);
    expect(results[0]!.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'design.yml', uriBaseId: '%SRCROOT%' }, region: { startLine: 10, startColumn: 3 } });
    expect(log.runs[0]!.tool.driver.rules!.map((r) => r.id)).toContain('DDTS-fail/rule-0');
  });
});

describe('the JSON report', () => {
  it('is exactly JSON.stringify of toJsonReport for every example, exemptions and unknown locations included', async () => {
    const artefacts = loadArtefacts(builtinArtefactFiles()).artefacts;
    for (const name of ['compliant-service', 'beta-service', 'legacy-service', 'school-trust']) {
      const path = `examples/${name}/design.yml`;
      const manifest = parseManifest({ path, text: readFileSync(join(root, path), 'utf8') }).manifest!;
      await attachRegisters(manifest, async (p) => ({ path: p, text: readFileSync(join(root, p), 'utf8') }));
      const exemptions = [{ id: 'x#1', artefact: 'GOV-mandated-notify', kind: 'minor' as const, status: 'approved' as const, expires: '2099-01-01', url: 'https://example.org/1' }];
      const ev = evaluate(manifest, artefacts, { today: '2026-11-22', exemptions });
      expect(renderJson(ev, tool)).toBe(`${JSON.stringify(toJsonReport(ev, tool))}\n`);
    }
    expect(renderJson(sampleEvaluation(), tool)).toBe(`${JSON.stringify(toJsonReport(sampleEvaluation(), tool))}\n`);
  });
});
