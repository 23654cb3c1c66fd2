// An organisation's artefacts compiled once and kept on disk: the next load gives the same verdicts
// from the stored code, a changed artefact is never judged by the code of the old one, and a cache that
// cannot be written or read only costs the compile.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluate, loadArtefacts, manifestFromData, type SourceFile } from '../../src/index.js';
import { diskAssertionCache } from '../../src/artefacts/compiled-cache.js';

const artefact = (support = '2026-04-30'): SourceFile => ({
  path: 'org/runtimes.yml',
  text: `id: ORG-runtimes
title: Runtimes in support
kind: standard
owner: Org
status: published
version: 1
review_by: 2027-06-01
source: https://example.org/runtimes
severity: must
exemptable: true
tables:
  eos:
    nodejs: [{ version: "20", ends: ${support} }, { version: "22", ends: 2027-04-30 }]
rules:
  supported:
    given: $.languages[*]
    assert: { endOfSupport: { table: eos } }
  reviewed:
    given: $.threat_model
    assert: { type: object, required: [last_reviewed], properties: { last_reviewed: { maxAge: P12M }, owner: { pattern: "^[a-z-]+$" } } }
`,
});

const design = { languages: [{ name: 'nodejs', version: '20.11.1' }, { name: 'nodejs', version: '22.3.0' }], threat_model: { last_reviewed: '2026-01-10', owner: 'Platform Team' } };

function verdicts(files: SourceFile[], cache: ReturnType<typeof diskAssertionCache> | undefined, today: string): string[] {
  const set = loadArtefacts(files, cache ? { cache } : {});
  expect(set.problems).toEqual([]);
  const manifest = manifestFromData('design.yml', { service: { name: 'x' }, ...structuredClone(design) }).manifest!;
  return evaluate(manifest, set.artefacts, { today }).results.map((r) => `${r.rule} ${r.path} ${r.status}: ${r.message}`);
}

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'assure-compiled-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the compiled-artefact cache', () => {
  it('stores an artefact compiled once, and the stored code gives the same verdicts on every day', () => {
    const dir = tempDir();
    const files = [artefact()];
    const fresh = ['2026-03-01', '2026-11-22', '2027-05-01'].map((day) => verdicts(files, undefined, day));
    expect(verdicts(files, diskAssertionCache(dir), '2026-03-01')).toEqual(fresh[0]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.cjs'))).toHaveLength(1);
    ['2026-03-01', '2026-11-22', '2027-05-01'].forEach((day, i) => expect(verdicts(files, diskAssertionCache(dir), day)).toEqual(fresh[i]));
    expect(fresh[1]!.some((v) => v.includes('fail'))).toBe(true);
  });

  it('is what the next load uses: stored code stands in for compiling', () => {
    const dir = tempDir();
    verdicts([artefact()], diskAssertionCache(dir), '2026-11-22');
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.cjs'));
    // Code that fails everything, under the artefact's key: the next load must judge by it.
    const keys = verdicts([artefact()], undefined, '2026-11-22').length;
    writeFileSync(join(dir, file!), `module.exports = () => new Proxy({}, { get: () => Object.assign(() => false, { errors: [{ keyword: 'x', instancePath: '', schemaPath: '#', params: {}, message: 'from the cache' }] }) });\n`);
    const fromCache = verdicts([artefact()], diskAssertionCache(dir), '2026-11-22');
    expect(fromCache).toHaveLength(keys);
    expect(fromCache.every((v) => v.includes('from the cache') || v.includes('not-applicable'))).toBe(true);
  });

  it('never judges a changed artefact by the code of the old one', () => {
    const dir = tempDir();
    expect(verdicts([artefact('2026-04-30')], diskAssertionCache(dir), '2026-11-22').find((v) => v.startsWith('supported $.languages[0]'))).toMatch(/ fail: /);
    const changed = verdicts([artefact('2027-04-30')], diskAssertionCache(dir), '2026-11-22');
    expect(changed).toEqual(verdicts([artefact('2027-04-30')], undefined, '2026-11-22'));
    expect(changed.find((v) => v.startsWith('supported $.languages[0]'))).toMatch(/ pass: /);
  });

  it('only costs the compile when its folder cannot be written or its files do not load', () => {
    const dir = tempDir();
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, 'not a folder');
    const expected = verdicts([artefact()], undefined, '2026-11-22');
    expect(verdicts([artefact()], diskAssertionCache(join(blocked, 'cache')), '2026-11-22')).toEqual(expected);
    const broken = tempDir();
    verdicts([artefact()], diskAssertionCache(broken), '2026-11-22');
    for (const f of readdirSync(broken)) writeFileSync(join(broken, f), 'this is not JavaScript {');
    expect(verdicts([artefact()], diskAssertionCache(broken), '2026-11-22')).toEqual(expected);
  });
});
