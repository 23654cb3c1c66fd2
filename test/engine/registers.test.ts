import { describe, expect, it } from 'vitest';
import { attachRegisters, evaluate, loadArtefacts, parseManifest, type SourceFile } from '../../src/index.js';

const csv = 'Asset number,Serial number,Description,Review date\nA-1,SN1,Laptop,2027-01-01\nA-2,,Desktop,2026-01-01\n';
const manifestText = 'kind: school\norganisation:\n  name: Oak\nregisters:\n  assets:\n    file: registers/assets.csv\n';
const artefact = `id: S-assets
title: Assets
kind: standard
owner: T
status: published
version: 1
review_by: 2027-01-01
source: https://e.org
severity: must
exemptable: true
profile: school
rules:
  serial:
    given: $.registers.assets.rows[*]
    assert: { properties: { serial_number: { type: string } } }
  review:
    given: $.registers.assets.rows[*]
    assert: { properties: { review_date: { notPast: true } } }
`;

describe('registers', () => {
  it('a finding names the row it is about through {{item.FIELD}}, for a rule given the row or one of its cells', async () => {
    const named = artefact
      .replace("assert: { properties: { serial_number: { type: string } } }", "assert: { properties: { serial_number: { type: string } } }\n    message: 'Asset {{item.asset_number}} ({{item.description}}) has no serial number'")
      .replace("given: $.registers.assets.rows[*]\n    assert: { properties: { review_date: { notPast: true } } }", "given: $.registers.assets.rows[*].review_date\n    assert: { notPast: true }\n    message: 'Asset {{item.asset_number}}: review date {{error}}; owner {{item.owner}}'");
    const outcome = parseManifest({ path: 'design.yml', text: manifestText });
    await attachRegisters(outcome.manifest!, async (p) => ({ path: p, text: csv }));
    const ev = evaluate(outcome.manifest!, loadArtefacts([{ path: 'a.yml', text: named }]).artefacts, { today: '2026-06-01' });
    const messages = ev.results.filter((r) => r.status === 'fail').map((r) => r.message);
    expect(messages).toContain('Asset A-2 (Desktop) has no serial number');
    expect(messages.find((m) => m.startsWith('Asset A-2: review date'))).toMatch(/owner \(no owner\)$/);
  });

  it('keeps serial numbers that only look like numbers as text', async () => {
    const outcome = parseManifest({ path: 'design.yml', text: manifestText });
    await attachRegisters(outcome.manifest!, async (p) => ({ path: p, text: 'Serial number,Count\n12345678901234567890,12\n007,3\n' }));
    const rows = (outcome.manifest!.data.registers as { assets: { rows: unknown[] } }).assets.rows;
    expect(rows).toEqual([{ serial_number: '12345678901234567890', count: 12 }, { serial_number: '007', count: 3 }]);
  });

  it('loads CSV rows with typed cells and points findings at row and column', async () => {
    const outcome = parseManifest({ path: 'estate/design.yml', text: manifestText });
    const files: Record<string, SourceFile> = { 'estate/registers/assets.csv': { path: 'estate/registers/assets.csv', text: csv } };
    const problems = await attachRegisters(outcome.manifest!, async (p) => files[p]);
    expect(problems).toEqual([]);
    const rows = (outcome.manifest!.data.registers as { assets: { rows: unknown[] } }).assets.rows;
    expect(rows[1]).toEqual({ asset_number: 'A-2', serial_number: null, description: 'Desktop', review_date: '2026-01-01' });
    const set = loadArtefacts([{ path: 's.yml', text: artefact }]);
    const ev = evaluate(outcome.manifest!, set.artefacts, { today: '2026-11-22' });
    const failing = ev.results.filter((r) => r.status === 'fail');
    expect(failing.map((r) => [r.rule, r.path, r.location]).sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      ['review', '$.registers.assets.rows[1].review_date', { file: 'estate/registers/assets.csv', line: 3, column: 4 }],
      ['serial', '$.registers.assets.rows[1].serial_number', { file: 'estate/registers/assets.csv', line: 3, column: 2 }],
    ]);
  });

  it('reports a missing register file at the line that names it', async () => {
    const outcome = parseManifest({ path: 'design.yml', text: manifestText });
    const problems = await attachRegisters(outcome.manifest!, async () => undefined);
    expect(problems).toEqual([expect.objectContaining({ level: 'error', line: 6, message: expect.stringContaining('registers/assets.csv was not found') })]);
  });

  it('refuses absolute paths and URLs', async () => {
    const outcome = parseManifest({ path: 'design.yml', text: manifestText.replace('registers/assets.csv', '/etc/passwd') });
    const problems = await attachRegisters(outcome.manifest!, async () => ({ path: 'x', text: 'a\n1\n' }));
    expect(problems[0]!.message).toContain('must be a relative path');
  });

  it('reports malformed CSV with its line', async () => {
    const outcome = parseManifest({ path: 'design.yml', text: manifestText });
    const problems = await attachRegisters(outcome.manifest!, async (p) => ({ path: p, text: 'a,b\n"unterminated,1\n' }));
    expect(problems[0]).toMatchObject({ file: 'registers/assets.csv', message: expect.stringContaining('is not valid CSV') });
  });
});
