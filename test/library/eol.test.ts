// End-of-support data: the committed endoflife.date snapshot is what the supported-technology
// artefact checks against, findings cite the product page, and unknown releases are said to be unknown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinArtefactFiles, evaluate, loadArtefacts } from '../../src/index.js';
import { EOL_PRODUCTS, renderEolTable, snapshotOf, type EolSnapshot } from '../../src/artefacts/eol.js';
import { manifestOf, root } from '../helpers.js';

const ARTEFACT = join(root, 'policies', 'service', 'DFE-ARCH-supported-technology.yml');
const snapshots = EOL_PRODUCTS.map(({ product }) => JSON.parse(readFileSync(join(root, 'policies', 'eol', `${product}.json`), 'utf8')) as EolSnapshot);
const artefact = loadArtefacts(builtinArtefactFiles()).artefacts.find((a) => a.id === 'DFE-ARCH-supported-technology')!;

function verdicts(design: string, today = '2026-12-01'): Array<{ status: string; rule: string; path: string; message: string }> {
  return evaluate(manifestOf(`service: { name: Example }\n${design}`), [artefact], { today }).results;
}

describe('the end-of-support snapshot', () => {
  it('holds a dated file citing endoflife.date for every product the library names', () => {
    for (const s of snapshots) {
      expect(s.page).toBe(`https://endoflife.date/${s.product}`);
      expect(s.taken).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(s.cycles.length).toBeGreaterThan(0);
    }
    const products = snapshots.map((s) => s.product);
    for (const p of ['mssqlserver', 'dotnetfx', 'dotnet', 'mysql', 'redis', 'eclipse-temurin', 'php', 'go', 'kubernetes', 'terraform', 'react', 'angular', 'vue', 'nextjs', 'ruby', 'rails', 'nodejs', 'python', 'django', 'postgresql']) {
      expect(products).toContain(p);
    }
  });

  it('is what the artefact table is generated from: rebuilding it offline changes nothing', () => {
    const text = readFileSync(ARTEFACT, 'utf8');
    expect(text.endsWith(renderEolTable(snapshots))).toBe(true);
    const table = artefact.definition.tables as { end_of_support: Record<string, { source: string }> };
    for (const entry of Object.values(table.end_of_support)) expect(entry.source).toMatch(/^https:\/\/endoflife\.date\/[a-z-]+$/);
  });

  it('reads an API answer faithfully and refuses one that is not a list of cycles', () => {
    const s = snapshotOf('mssqlserver', [{ cycle: '13.0-sp3', releaseLabel: "2016 SP3", releaseDate: '2021-09-15', eol: '2026-07-14', latest: '13.0.6500.1' }], '2026-12-01', 'https://endoflife.date/api/mssqlserver.json');
    expect(s.cycles).toEqual([{ cycle: '13.0-sp3', releaseLabel: '2016 SP3', releaseDate: '2021-09-15', eol: '2026-07-14', latest: '13.0.6500.1' }]);
    expect(renderEolTable([s])).toContain('- { version: "2016", cycle: "13.0-sp3", ends: 2026-07-14 }');
    expect(() => snapshotOf('nodejs', { message: 'Product not found' }, '2026-12-01', 'x')).toThrow(/list of release cycles/);
    expect(() => snapshotOf('nodejs', [{ cycle: '22', releaseDate: '2024-04-24', eol: 'soon' }], '2026-12-01', 'x')).toThrow(/eol/);
  });
});

describe('judging support from the snapshot', () => {
  it('fails Node 21, SQL Server 2016 and MySQL 8.1, citing the product page', () => {
    const results = verdicts('languages: [{ name: nodejs, version: "21" }]\ndata_stores: [{ name: a, engine: sqlserver, version: 2016 }, { name: b, engine: mysql, version: "8.1" }]');
    const failed = results.filter((r) => r.rule === 'supported' && r.status === 'fail');
    expect(failed.map((r) => r.path).sort()).toEqual(['$.data_stores[0]', '$.data_stores[1]', '$.languages[0]']);
    expect(failed.find((r) => r.path === '$.data_stores[0]')!.message).toContain('https://endoflife.date/mssqlserver');
    expect(failed.find((r) => r.path === '$.languages[0]')!.message).toContain('https://endoflife.date/nodejs');
  });

  it('passes Node 26 and reads dotnet 4.8 as .NET Framework 4.8', () => {
    const results = verdicts('languages: [{ name: nodejs, version: "26" }, { name: dotnet, version: "4.8" }]');
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('says a release the data does not know is unknown, never a pass', () => {
    const [result] = verdicts('languages: [{ name: nodejs, version: "27" }]').filter((r) => r.rule === 'supported');
    expect(result!.status).toBe('unknown');
    expect(result!.message).toContain('https://endoflife.date/nodejs');
  });

  it('warns six months before the end and fails after it, on the dates the data gives', () => {
    const status = (today: string): string | undefined => verdicts('languages: [{ name: nodejs, version: "22" }]', today).find((r) => r.status !== 'pass')?.status;
    expect(status('2026-10-01')).toBeUndefined();
    expect(status('2026-12-01')).toBe('warn');
    expect(status('2027-05-01')).toBe('fail');
  });
});
