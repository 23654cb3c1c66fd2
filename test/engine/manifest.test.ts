import { describe, expect, it } from 'vitest';
import { parseManifest, type InputProblem } from '../../src/index.js';

const errorsOf = (text: string): InputProblem[] => {
  const outcome = parseManifest({ path: 'design.yml', text });
  expect(outcome.manifest).toBeUndefined();
  return outcome.problems.filter((p) => p.level === 'error');
};

describe('reading a manifest', () => {
  it('reads a valid manifest and keeps unknown keys as warnings with their line', () => {
    const outcome = parseManifest({ path: 'design.yml', text: 'service:\n  name: A\n  colour: blue\nhosting:\n  provider: azure\n' });
    expect(outcome.manifest?.data.hosting).toEqual({ provider: 'azure' });
    expect(outcome.problems).toEqual([
      expect.objectContaining({ level: 'warning', line: 3, column: 11, message: expect.stringContaining('$.service.colour: unknown key') }),
    ]);
  });

  it('makes a near miss of a known key an error with a suggestion, since a typo would hide a section from the rules', () => {
    const outcome = parseManifest({ path: 'design.yml', text: 'service:\n  name: A\nnotification:\n  email: sendgrid\nauth:\n  Protocol: oidc\nlanguages:\n  - name: ruby\n    verison: "3.2"\n' });
    expect(outcome.manifest).toBeUndefined();
    expect(outcome.problems).toEqual([
      expect.objectContaining({ level: 'error', file: 'design.yml', line: 3, message: expect.stringContaining('`notification`: unknown key; did you mean `notifications`?') }),
      expect.objectContaining({ level: 'error', line: 6, message: expect.stringContaining('`auth.Protocol`: unknown key; did you mean `auth.protocol`?') }),
      expect.objectContaining({ level: 'error', line: 9, message: expect.stringContaining('`languages[0].verison`: unknown key; did you mean `languages[0].version`?') }),
    ]);
    // A key that resembles nothing the schema knows stays a warning: a part of the design no standard covers.
    const other = parseManifest({ path: 'design.yml', text: 'service:\n  name: A\n  colour: blue\nchatbot: { provider: openai }\n' });
    expect(other.manifest).toBeDefined();
    expect(other.problems.map((p) => p.level)).toEqual(['warning', 'warning']);
  });

  it('rejects an empty file', () => {
    expect(errorsOf('')[0]!.message).toContain('is empty');
    expect(errorsOf('  \n# only a comment\n')).toHaveLength(1);
  });

  it('rejects invalid YAML at its line', () => {
    const [e] = errorsOf('service:\n  name: [unclosed\nhosting: x\n');
    expect(e!.message).toMatch(/^invalid YAML/);
    expect(e!.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects duplicate keys', () => {
    const [e] = errorsOf('service:\n  name: A\nservice:\n  name: B\n');
    expect(e!.message).toMatch(/unique/);
    expect(e!.line).toBe(3);
  });

  it('rejects a YAML alias bomb quickly', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const [e] = errorsOf(bomb.join('\n'));
    expect(e!.message).toMatch(/aliases/);
  });

  it('rejects a manifest over 1 MiB', () => {
    const [e] = errorsOf(`service:\n  name: A\n  description: "${'x'.repeat(1024 * 1024)}"\n`);
    expect(e!.message).toMatch(/larger than 1024 KiB/);
  });

  it('rejects a root that is not a mapping', () => {
    expect(errorsOf('- a\n- b\n')[0]!.message).toMatch(/must be a YAML mapping/);
    expect(errorsOf('just text\n')[0]!.message).toMatch(/must be a YAML mapping/);
  });

  it('rejects keys that could reach a prototype, with their line', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const [e] = errorsOf(`service:\n  name: A\nhosting:\n  ${key}:\n    polluted: true\n`);
      expect(e).toMatchObject({ line: 4, message: `uses the reserved key "${key}"; rename it` });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects nesting deeper than a design ever needs', () => {
    const deep = `service:\n  name: A\nx: ${'['.repeat(200)}${']'.repeat(200)}\n`;
    expect(errorsOf(deep)[0]!.message).toMatch(/nested more than 64 levels/);
  });

  it('reports every schema violation, each with its line', () => {
    const errors = errorsOf('service:\n  phase: betaa\nhosting:\n  model: cloud\naccessibility:\n  last_audit: 2026-24-10\ndata_stores:\n  - name: db\n');
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [1, '$.service: "name" is required'],
      [2, expect.stringContaining('$.service.phase: must be one of "discovery"')],
      [4, expect.stringContaining('$.hosting.model: must be one of')],
      [6, '$.accessibility.last_audit: must be a real calendar date written YYYY-MM-DD'],
      [8, '$.data_stores[0]: "engine" is required'],
    ]);
  });

  it('selects the school profile by kind', () => {
    const outcome = parseManifest({ path: 'estate.yml', text: 'kind: school\norganisation:\n  name: Oak Trust\n' });
    expect(outcome.manifest?.profile).toBe('school');
  });
});
