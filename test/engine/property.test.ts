import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { evaluate, parseManifest } from '../../src/index.js';
import { fixtureArtefacts } from '../helpers.js';

const artefacts = fixtureArtefacts();

const scalar = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true }), fc.constantFrom('2026-01-01', '2026-24-10', 'gov-uk-notify', '@team', '<b>'));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('node'), { maxKeys: 4 })),
})).node;
const known = fc.constantFrom('notifications', 'languages', 'hosting', 'data', 'accessibility', 'network', 'cms', 'integrations', 'payments', 'service', 'kind');
const manifest = fc.dictionary(fc.oneof(known, fc.string({ maxLength: 12 })), value, { maxKeys: 8 });

describe('any manifest', () => {
  it('never crashes the reader or the engine, and always ends in a verdict or a clear problem', () => {
    fc.assert(
      fc.property(manifest, (data) => {
        const text = stringify(data);
        const outcome = parseManifest({ path: 'design.yml', text });
        if (!outcome.manifest) {
          expect(outcome.problems.filter((p) => p.level === 'error').length).toBeGreaterThan(0);
          for (const p of outcome.problems) expect(p.message.length).toBeGreaterThan(0);
          return;
        }
        const ev = evaluate(outcome.manifest, artefacts, { today: '2026-11-22' });
        expect(ev.results.length).toBeGreaterThan(0);
        for (const r of ev.results) expect(r.message).toBeTypeOf('string');
      }),
      { numRuns: 300 },
    );
  });

  it('evaluates deterministically: the same input gives the same evaluation', () => {
    fc.assert(
      fc.property(manifest, (data) => {
        const base = { service: { name: 'x' }, ...data };
        const text = stringify(base);
        const a = parseManifest({ path: 'd.yml', text });
        const b = parseManifest({ path: 'd.yml', text });
        if (!a.manifest || !b.manifest) return;
        expect(evaluate(a.manifest, artefacts, { today: '2026-11-22' })).toEqual(evaluate(b.manifest, artefacts, { today: '2026-11-22' }));
      }),
      { numRuns: 200 },
    );
  });

  it('never crashes on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (text) => {
        const outcome = parseManifest({ path: 'design.yml', text });
        expect(outcome.manifest !== undefined || outcome.problems.length > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
