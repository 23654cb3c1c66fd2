// Patterns in an organisation's artefacts run in linear time: a pattern built to backtrack cannot stall
// a check, and one the linear engine cannot run is refused at load (and so by lint-policies) with its line.
import { describe, expect, it } from 'vitest';
import { evaluate, loadArtefacts } from '../../src/index.js';
import { manifestOf } from '../helpers.js';

const artefact = (pattern: string): string =>
  `id: R-1\ntitle: R\nkind: standard\nowner: T\nstatus: published\nversion: 1\nreview_by: 2027-01-01\nsource: https://e.org\nseverity: must\nexemptable: true\nrules:\n  name:\n    given: $.service.name\n    assert:\n      type: string\n      pattern: ${JSON.stringify(pattern)}\n`;

describe('regular expressions in artefacts', () => {
  it('a catastrophic pattern (^(a+)+$) on a long near-match is answered at once, and correctly', () => {
    const set = loadArtefacts([{ path: 'R-1.yml', text: artefact('^(a+)+$') }]);
    expect(set.problems).toEqual([]);
    // With a backtracking engine 40 characters take 2^40 steps (hours); linear matching takes microseconds.
    const start = process.hrtime.bigint();
    const near = evaluate(manifestOf(`service:\n  name: "${'a'.repeat(40)}!"\n`), set.artefacts, { today: '2026-12-01' });
    const long = evaluate(manifestOf(`service:\n  name: "${'a'.repeat(5_000)}!"\n`), set.artefacts, { today: '2026-12-01' });
    // A bound far above normal (well under a second): a backtracking engine would not finish at all.
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(10_000);
    expect(near.results[0]!.status).toBe('fail');
    expect(long.results[0]!.status).toBe('fail');
    expect(evaluate(manifestOf(`service:\n  name: aaaa\n`), set.artefacts, { today: '2026-12-01' }).results[0]!.status).toBe('pass');
  });

  it('JavaScript pattern syntax keeps its meaning (escapes, classes, anchors)', () => {
    const set = loadArtefacts([{ path: 'R-1.yml', text: artefact('^\\u0041[\\w.-]+\\d$') }]);
    expect(set.problems).toEqual([]);
    const status = (name: string): string => evaluate(manifestOf(`service:\n  name: ${JSON.stringify(name)}\n`), set.artefacts, { today: '2026-12-01' }).results[0]!.status;
    expect(status('Ab.c-1')).toBe('pass');
    expect(status('Bb1')).toBe('fail');
    expect(status('Ab1\n')).toBe('fail');
  });

  it('lookaround and backreferences are refused at load, with the file, the line and why', () => {
    for (const pattern of ['^(?!admin)', '(a)\\1']) {
      const set = loadArtefacts([{ path: 'R-1.yml', text: artefact(pattern) }]);
      expect(set.artefacts).toEqual([]);
      expect(set.problems).toHaveLength(1);
      expect(set.problems[0]).toMatchObject({ file: 'R-1.yml', line: 14, level: 'error' });
      expect(set.problems[0]!.message).toMatch(/linear time \(RE2 syntax: no lookahead, lookbehind or backreferences\)/);
    }
  });
});
