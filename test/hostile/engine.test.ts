// Hostile input against the engine: each ends in a clear problem or a safe verdict, quickly,
// never a crash, never code execution, never a pass that should not be.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, loadArtefacts, parseManifest } from '../../src/index.js';
import { fixtureArtefacts } from '../helpers.js';

const artefacts = fixtureArtefacts();
const artefactWith = (given: string): string =>
  `id: H-1\ntitle: H\nkind: standard\nowner: T\nstatus: published\nversion: 1\nreview_by: 2027-01-01\nsource: https://e.org\nseverity: must\nexemptable: true\nrules:\n  r:\n    given: "${given.replace(/"/g, '\\"')}"\n    assert: false\n`;

function within<T>(ms: number, work: () => T): T {
  const start = process.hrtime.bigint();
  const result = work();
  // A generous bound: it only catches runaway work (exponential expansion, catastrophic backtracking).
  expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(ms);
  return result;
}

describe('hostile manifests', () => {
  it('billion laughs: refused without expanding', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
    const outcome = within(2000, () => parseManifest({ path: 'bomb.yml', text: levels.join('\n') }));
    expect(outcome.manifest).toBeUndefined();
    expect(outcome.problems[0]!.message).toMatch(/aliases/);
  });

  it('a 5 MB file: refused by size before parsing', () => {
    const outcome = within(2000, () => parseManifest({ path: 'huge.yml', text: `service:\n  name: "${'a'.repeat(5 * 1024 * 1024)}"\n` }));
    expect(outcome.problems[0]!.message).toMatch(/larger than/);
  });

  it('prototype keys at any depth: refused, and no object is polluted', () => {
    for (const text of ['__proto__: {polluted: 1}\n', 'service:\n  name: x\n  team:\n    __proto__:\n      polluted: 1\n', '"constructor": {prototype: {polluted: 1}}\n', 'a: [{b: {__proto__: {polluted: 1}}}]\n']) {
      const outcome = parseManifest({ path: 'p.yml', text });
      expect(outcome.manifest).toBeUndefined();
      expect(outcome.problems[0]!.message).toMatch(/reserved key/);
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('control characters, confusables and huge strings in values: evaluated, not crashed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), fc.constantFrom('gov\u2010uk\u2010notify', 'gоv-uk-notify' /* Cyrillic o */, 'gov-uk-notify\u0000', '\u202egov-uk-notify'), (noise, confusable) => {
        const text = `service:\n  name: ${JSON.stringify(noise)}\nnotifications:\n  email: ${JSON.stringify(confusable)}\n`;
        const outcome = parseManifest({ path: 'c.yml', text });
        if (!outcome.manifest) return;
        const ev = evaluate(outcome.manifest, artefacts, { today: '2026-11-22' });
        // A look-alike of the approved value is not the approved value.
        expect(ev.results.find((r) => r.rule === 'email-via-notify')!.status).toBe('fail');
      }),
      { numRuns: 100 },
    );
  });
});

describe('hostile artefacts', () => {
  it('JSONPath script injection is never executed', () => {
    const attempts = [
      "$..[?(@.constructor.constructor('return process')().exit(7))]",
      '$[?(this.process.exit(7))]',
      "$[(require('child_process').execSync('touch /tmp/assure-pwned'))]",
      '$..[?(@property === "x" && Function("return 1")())]',
    ];
    for (const given of attempts) {
      const set = loadArtefacts([{ path: 'h.yml', text: artefactWith(given) }]);
      if (set.artefacts.length === 0) {
        expect(set.problems[0]!.message).toMatch(/JSONPath/);
        continue;
      }
      const manifest = parseManifest({ path: 'd.yml', text: 'service:\n  name: x\nlanguages:\n  - {name: ruby}\n' }).manifest!;
      const ev = evaluate(manifest, set.artefacts, { today: '2026-11-22' });
      expect(ev.results.every((r) => r.status === 'error' || r.status === 'not-applicable' || r.status === 'fail')).toBe(true);
    }
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('arbitrary JSONPath text never crashes loading', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (tail) => {
        const set = loadArtefacts([{ path: 'h.yml', text: artefactWith(`$${tail}`) }]);
        expect(set.artefacts.length + set.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
