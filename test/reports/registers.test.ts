// Large registers: a school's 100,000-row asset register is checked, and its reports stay bounded.
// Nothing here reads the clock or times an absolute figure: growth is the same work at two sizes.
import { describe, expect, it } from 'vitest';
import { attachRegisters, builtinArtefactFiles, evaluate, loadArtefacts, parseManifest, type Evaluation } from '../../src/index.js';
import { renderJson, toJsonReport, type JsonReport } from '../../src/reports/json.js';
import { MAX_MARKDOWN, renderMarkdown } from '../../src/reports/markdown.js';
import { renderText } from '../../src/reports/text.js';
import { failingRows, registerExemptions, schoolWithRegister } from '../../scripts/bench/register.js';
import { growsLinearly } from '../hostile/fixtures.js';

const artefacts = loadArtefacts(builtinArtefactFiles(), { profile: 'school' }).artefacts;
const today = '2026-11-22';
const TOOL = { name: 'assure', version: 'test' };

async function checked(rows: number, exemptions = 0): Promise<Evaluation> {
  const { manifest, read } = schoolWithRegister(rows);
  const parsed = parseManifest(manifest);
  expect(await attachRegisters(parsed.manifest!, read)).toEqual([]);
  return evaluate(parsed.manifest!, artefacts, { today, exemptions: registerExemptions(rows, exemptions) });
}

describe('a large register', () => {
  it('counts passing rows per rule, lists every failing row with its CSV line, and keeps the summary', async () => {
    const ev = await checked(600);
    const report = JSON.parse(renderJson(ev, TOOL)) as JsonReport;
    expect(report.summary).toEqual(ev.summary);
    expect(report.results.some((r) => r.status === 'pass' && r.path.includes('.rows['))).toBe(false);
    const serial = report.passed.find((p) => p.register === '$.registers.assets.rows' && p.rule === 'serial-number')!;
    expect(serial.count).toBe(600 - failingRows(600).length);
    const failing = report.results.filter((r) => r.rule === 'serial-number' && r.status === 'fail');
    expect(failing.map((r) => r.path).sort()).toEqual(failingRows(600).map((row) => `$.registers.assets.rows[${row}].serial_number`).sort());
    // The header is line 1: row N of the register is on line N + 2.
    expect(failing.find((r) => r.path === '$.registers.assets.rows[0].serial_number')).toMatchObject({ file: 'examples/school-trust/registers/assets.csv', line: 2, column: 5 });
    // Counted passes plus listed results are every result the summary counts.
    const counted = report.passed.reduce((n, p) => n + p.count, 0);
    expect(counted + report.results.length).toBe(Object.values(report.summary).reduce((n, c) => n + c, 0));
    expect(report.notListed).toBe(0);
    // Asked to be verbose, every pass is listed and none counted.
    const verbose = toJsonReport(ev, TOOL, { verbose: true });
    expect(verbose.passed).toEqual([]);
    expect(verbose.results.filter((r) => r.status === 'pass')).toHaveLength(ev.summary.pass);
  });

  it('lists results within a bounded size and says how many it left out, the worst kept', async () => {
    const ev = await checked(600);
    const report = JSON.parse(renderJson(ev, TOOL, { maxResultsChars: 20_000 })) as JsonReport;
    expect(report.notListed).toBeGreaterThan(0);
    expect(report.results.length + report.notListed).toBe(toJsonReport(ev, TOOL).results.length);
    expect(report.results[0]!.status).toBe('fail');
    expect(JSON.stringify(toJsonReport(ev, TOOL, { maxResultsChars: 20_000 }))).toBe(JSON.stringify(report));
  });

  it('renders Markdown and JSON in time that grows linearly with the register', async () => {
    const evaluations = new Map<number, Evaluation>();
    for (const rows of [1_000, 10_000]) evaluations.set(rows, await checked(rows));
    // A short limit puts both sizes past it, so both are cut: what grows is the cost of a full report.
    growsLinearly((rows) => renderMarkdown(evaluations.get(rows)!, { maxLength: 6_000 }), 1_000);
    growsLinearly((rows) => renderMarkdown(evaluations.get(rows)!, { maxLength: 6_000, verbose: true }), 1_000);
    growsLinearly((rows) => renderJson(evaluations.get(rows)!, TOOL), 1_000);
    growsLinearly((rows) => renderJson(evaluations.get(rows)!, TOOL, { verbose: true }), 1_000);
    const markdown = renderMarkdown(evaluations.get(10_000)!);
    expect(markdown.length).toBeLessThanOrEqual(MAX_MARKDOWN);
    expect(markdown).toMatch(/rows were left out to fit GitHub's limit/);
  });

  it('a 100,000-row register with 8,000 exemptions completes, and its JSON report parses', { timeout: 240_000 }, async () => {
    const ev = await checked(100_000, 8_000);
    expect(ev.summary.exempted).toBe(8_000);
    expect(ev.summary.fail).toBe(failingRows(100_000).length - 8_000);
    const text = renderJson(ev, TOOL);
    const report = JSON.parse(text) as JsonReport;
    expect(report.summary).toEqual(ev.summary);
    expect(report.notListed).toBe(0);
    expect(report.results.filter((r) => r.status === 'exempted')).toHaveLength(8_000);
    expect(report.passed.reduce((n, p) => n + p.count, 0)).toBeGreaterThan(1_000_000);
    expect(renderMarkdown(ev).length).toBeLessThanOrEqual(MAX_MARKDOWN);
    expect(renderText(ev, { color: false })).toContain(`${ev.summary.fail} fail`);
  });
});
