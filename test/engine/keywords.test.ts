import { describe, expect, it } from 'vitest';
import { loadArtefacts, manifestFromData, evaluate } from '../../src/index.js';

function verdict(assert: object, value: unknown, today: string): { status: string; message: string } {
  const text = `id: K-1\ntitle: K\nkind: standard\nowner: T\nstatus: published\nversion: 1\nreview_by: 2027-01-01\nsource: https://e.org\nseverity: must\nexemptable: true\ntables:\n  eos:\n    nodejs: [{ version: "20", ends: 2026-04-30 }, { version: "22", ends: 2027-04-30 }]\nrules:\n  r:\n    given: $.cookies.policy_url\n    assert: ${JSON.stringify(assert)}\n`;
  const set = loadArtefacts([{ path: 'k.yml', text }]);
  expect(set.problems).toEqual([]);
  const manifest = manifestFromData('m.yml', { service: { name: 'x' } }).manifest!;
  (manifest.data as Record<string, unknown>).cookies = { policy_url: value };
  const r = evaluate(manifest, set.artefacts, { today }).results[0]!;
  return { status: r.status, message: r.message };
}

describe('domain keywords', () => {
  it('maxAge: a date no older than a duration, month arithmetic clamped', () => {
    expect(verdict({ maxAge: 'P12M' }, '2025-11-22', '2026-11-22').status).toBe('pass');
    expect(verdict({ maxAge: 'P12M' }, '2025-11-21', '2026-11-22').status).toBe('fail');
    expect(verdict({ maxAge: 'P1M' }, '2026-02-28', '2026-03-31').status).toBe('pass');
    expect(verdict({ maxAge: 'P1M' }, '2026-02-27', '2026-03-31').status).toBe('fail');
    expect(verdict({ maxAge: 'P12M' }, '2026-13-01', '2026-11-22').message).toContain('not a date');
    expect(verdict({ maxAge: 'P12M' }, '2027-01-01', '2026-11-22').message).toContain('in the future');
  });

  it('notPast and notWithin', () => {
    expect(verdict({ notPast: true }, '2026-11-22', '2026-11-22').status).toBe('pass');
    expect(verdict({ notPast: true }, '2026-11-21', '2026-11-22').message).toContain('has passed (1 days ago)');
    expect(verdict({ notWithin: 'P60D' }, '2027-01-21', '2026-11-22').status).toBe('fail');
    expect(verdict({ notWithin: 'P60D' }, '2027-01-22', '2026-11-22').status).toBe('pass');
    expect(verdict({ notWithin: 'P60D' }, '2026-11-21', '2026-11-22').status).toBe('pass');
  });

  it('minVersion compares part by part', () => {
    expect(verdict({ minVersion: '1.2' }, '1.10', '2026-11-22').status).toBe('pass');
    expect(verdict({ minVersion: '1.2' }, 1.3, '2026-11-22').status).toBe('pass');
    expect(verdict({ minVersion: '1.2' }, '1.1.9', '2026-11-22').status).toBe('fail');
    expect(verdict({ minVersion: '1.2' }, 'latest', '2026-11-22').message).toContain('not a version');
  });

  it('endOfSupport fails past the end and, with within, warns ahead of it', () => {
    expect(verdict({ endOfSupport: { table: 'eos' } }, { name: 'nodejs', version: '20.11.1' }, '2026-11-22').status).toBe('fail');
    expect(verdict({ endOfSupport: { table: 'eos' } }, { name: 'NodeJS', version: 22 }, '2026-11-22').status).toBe('pass');
    expect(verdict({ endOfSupport: { table: 'eos' } }, { name: 'nodejs', version: '16' }, '2026-11-22').message).toContain('nodejs 16 is older than 20, the oldest release');
    expect(verdict({ endOfSupport: { table: 'eos', within: 'P6M' } }, { name: 'nodejs', version: '22' }, '2026-10-29').status).toBe('pass');
    expect(verdict({ endOfSupport: { table: 'eos', within: 'P6M' } }, { name: 'nodejs', version: '22' }, '2026-10-30').message).toBe('nodejs 22 support ends on 2027-04-30 (in 182 days)');
    expect(verdict({ endOfSupport: { table: 'eos', within: 'P6M' } }, { name: 'nodejs', version: '22' }, '2026-12-01').status).toBe('fail');
    expect(verdict({ endOfSupport: { table: 'eos', within: 'P6M' } }, { name: 'nodejs', version: '20' }, '2026-12-01').status).toBe('pass');
    // A release of a tracked product the table does not know cannot be judged: unknown, never a silent pass.
    expect(verdict({ endOfSupport: { table: 'eos' } }, { name: 'nodejs', version: '99' }, '2026-11-22').status).toBe('unknown');
    // A product the table does not track at all is outside what the keyword judges.
    expect(verdict({ endOfSupport: { table: 'eos' } }, { name: 'cobol', version: '85' }, '2026-11-22').status).toBe('pass');
  });
});
