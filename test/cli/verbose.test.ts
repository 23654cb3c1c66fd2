// `assure check --verbose` lists a register's passing rows; by default they are counted per rule.
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/reports/json.js';
import { runCli } from './run.js';

const school = ['check', 'examples/school-trust/design.yml', '--at', '2026-11-22'];
const registerPasses = (report: JsonReport): number => report.results.filter((r) => r.status === 'pass' && /^\$\.registers\.\w+\.rows\[/.test(r.path)).length;

describe('assure check on a register', () => {
  it('by default counts passing rows per rule, and lists failing and warning rows with their row', () => {
    const run = runCli([...school, '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(registerPasses(report)).toBe(0);
    expect(report.passed.find((p) => p.artefact === 'DTSS-asset-register' && p.rule === 'serial-number')).toMatchObject({ register: '$.registers.assets.rows', count: 14 });
    expect(report.results.find((r) => r.rule === 'serial-number' && r.status === 'fail')).toMatchObject({ file: 'examples/school-trust/registers/assets.csv', line: 13, column: 5 });
    expect(report.results.filter((r) => r.status === 'warn').map((r) => r.path).sort()).toEqual(['$.registers.assets.rows[12].review_date', '$.registers.contracts.rows[3].renewal_date']);
    const markdown = runCli([...school, '--format', 'markdown']).stdout;
    expect(markdown).toContain('| `$.registers.assets.rows` | 14 rows pass:');
    expect(runCli(school).stdout).not.toMatch(/^Passes/m);
  });

  it('--verbose lists every passing row, with the same summary', () => {
    const counted = JSON.parse(runCli([...school, '--format', 'json']).stdout) as JsonReport;
    const run = runCli([...school, '--format', 'json', '--verbose']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.summary).toEqual(counted.summary);
    expect(report.passed).toEqual([]);
    expect(registerPasses(report)).toBe(counted.passed.reduce((n, p) => n + p.count, 0));
    expect(report.results.some((r) => r.path === '$.registers.assets.rows[0]' && r.rule === 'serial-number' && r.status === 'pass')).toBe(true);
    const text = runCli([...school, '--verbose']).stdout;
    expect(text).toMatch(/^Passes \(\d+\)$/m);
    expect(text).toContain('DTSS-asset-register/serial-number  $.registers.assets.rows[0]\n');
  });
});
