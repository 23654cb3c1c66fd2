// Applying exemptions: which findings each covers, and that the cost grows with the findings.
import { describe, expect, it } from 'vitest';
import { applyExemptions } from '../../src/engine/exemptions.js';
import type { Exemption, RuleResult } from '../../src/types.js';

const result = (path: string, rule = 'warranty', status: RuleResult['status'] = 'fail'): RuleResult => ({
  artefact: 'A', artefactTitle: 'A', rule, status, severity: 'must', path, message: 'm',
});
const exemption = (id: string, extra: Partial<Exemption> = {}): Exemption => ({ id, artefact: 'A', kind: 'minor', status: 'approved', expires: '2027-01-01', ...extra });

describe('applying exemptions', () => {
  it('a path covers itself and what lies under it, never a sibling whose name starts the same', () => {
    const results = [result('$.rows[1]'), result('$.rows[1].warranty'), result('$.rows[10].warranty'), result('$.rows[1]x'), result('$.rows[2]', 'other')];
    applyExemptions(results, [exemption('E1', { paths: ['$.rows[1]'] }), exemption('E2', { rules: ['other'] })], () => true, '2026-11-22');
    expect(results.map((r) => r.status)).toEqual(['exempted', 'exempted', 'fail', 'fail', 'exempted']);
    expect(results[4]!.exemption?.id).toBe('E2');
  });

  it('the first exemption given wins when several cover a finding, and closable ones are found', () => {
    const results = [result('$.a'), result('$.b', 'warranty', 'pass')];
    const closable = applyExemptions(results, [exemption('E1', { paths: ['$.a'] }), exemption('E0'), exemption('E3', { paths: ['$.b'] })], () => true, '2026-11-22');
    expect(results[0]!.exemption?.id).toBe('E1');
    expect(closable.map((c) => c.exemption.id)).toEqual(['E3']);
  });

  it('ten times the rows and the exemptions cost about ten times as much, not a hundred', () => {
    const run = (rows: number): number => {
      const results = Array.from({ length: rows }, (_, i) => result(`$.registers.assets.rows[${i}].warranty`));
      const exemptions = Array.from({ length: rows / 10 }, (_, i) => exemption(`E${i}`, { paths: [`$.registers.assets.rows[${i * 10}]`] }));
      const start = process.hrtime.bigint();
      applyExemptions(results, exemptions, () => true, '2026-11-22');
      expect(results.filter((r) => r.status === 'exempted')).toHaveLength(rows / 10);
      return Number(process.hrtime.bigint() - start);
    };
    run(2_000);
    const small = Math.min(run(4_000), run(4_000));
    const large = Math.min(run(40_000), run(40_000));
    // Linear work makes this about 10; results times exemptions would make it about 100.
    expect(large / small).toBeLessThan(40);
  });
});
