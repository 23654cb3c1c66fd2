// Reading YAML: core-schema scalars, positions, and refusals with a reason instead of a crash or a hang.
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/yaml/parse.js';

const read = (text: string) => parseYaml({ path: 'f.yml', text });
const data = (text: string): unknown => {
  const outcome = read(text);
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.parsed.data;
};

describe('YAML 1.2 core schema', () => {
  it('keeps YAML 1.1 booleans, country codes and dates as the text written', () => {
    expect(data('a: NO\nb: on\nc: yes\nd: off\ne: 2024-01-31\nf: 12:30\ng: 1_000\n')).toEqual({ a: 'NO', b: 'on', c: 'yes', d: 'off', e: '2024-01-31', f: '12:30', g: '1_000' });
  });

  it('reads null, booleans, integers and floats by the core schema, and quoted values as text', () => {
    expect(data('a: ~\nb: Null\nc:\nd: true\ne: FALSE\nf: 007\ng: 0o17\nh: 0x1F\ni: -12\nj: 1.5\nk: 1e3\nl: .inf\nm: "12"\nn: !!str 12\n')).toEqual({
      a: null, b: null, c: null, d: true, e: false, f: 7, g: 15, h: 31, i: -12, j: 1.5, k: 1000, l: Infinity, m: '12', n: '12',
    });
  });

  it('points each value at its line and column', () => {
    const outcome = read('service:\n  name: x\n  list:\n    - a\n    -   b\n  empty:\n');
    if (!outcome.ok) throw new Error('not read');
    expect(outcome.parsed.locate(['service', 'name'])).toMatchObject({ line: 2, column: 9 });
    expect(outcome.parsed.locate(['service', 'list', 1])).toMatchObject({ line: 5, column: 9 });
    expect(outcome.parsed.locate(['service', 'list'])).toMatchObject({ line: 3, column: 3 });
    expect(outcome.parsed.locate(['service', 'empty'])).toMatchObject({ line: 6, column: 9 });
  });

  it('finds digit-only keys given as numbers, and stops at the nearest value for names a value does not have', () => {
    const outcome = read('codes:\n  "404": missing\n  toString: x\nlist:\n  - a\n');
    if (!outcome.ok) throw new Error('not read');
    expect(outcome.parsed.locate(['codes', 404])).toMatchObject({ line: 2, column: 10 });
    expect(outcome.parsed.locate(['codes', 'toString'])).toMatchObject({ line: 3, column: 13 });
    // Inherited names and a list's own properties are not children: the nearest written value is shown.
    expect(outcome.parsed.locate(['codes', 'hasOwnProperty'])).toMatchObject({ line: 1 });
    expect(outcome.parsed.locate(['list', 'length'])).toMatchObject({ line: 4 });
    expect(outcome.parsed.locate(['list', 0, 'deeper'])).toMatchObject({ line: 5, column: 5 });
  });
});

describe('YAML refused with a reason', () => {
  it('nesting deeper than the stack: "nested more than 64 levels", not a stack overflow', () => {
    for (const text of [`a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`, `a: ${'{a: '.repeat(70)}1${'}'.repeat(70)}\n`]) {
      const outcome = read(text);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.problem.message).toMatch(/nested more than 64 levels/);
    }
  });

  it('a broken escape ends in an error, not a parser that never returns', () => {
    const outcome = read('given: "$T\\U"\nassert: false\n');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problem.message).toMatch(/invalid YAML/);
  });

  it('an empty item in a nested list is refused rather than read into the wrong list', () => {
    const outcome = read('- - a\n  -\n- b\n');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problem).toMatchObject({ line: 2, message: expect.stringMatching(/empty item/) });
    expect(data('- - a\n  - null\n- b\n')).toEqual([['a', null], 'b']);
  });

  it('tags other than the core ones, and duplicate keys', () => {
    expect(read('a: !!binary aGk=\n').ok).toBe(false);
    expect(read('a: !custom x\n').ok).toBe(false);
    const dup = read('a: 1\nb: 2\na: 3\n');
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.problem).toMatchObject({ line: 3, message: expect.stringMatching(/twice/) });
  });
});
