import { describe, expect, it } from 'vitest';
import { loadArtefacts, type SourceFile } from '../../src/index.js';

const base = `id: X-one
title: One
kind: standard
owner: Test
status: published
version: 1
review_by: 2027-01-01
source: https://example.org/one
severity: must
exemptable: true
rules:
  r:
    given: $.a
    assert: { const: 1 }
`;
const load = (...files: SourceFile[]) => loadArtefacts(files);

describe('loading artefacts', () => {
  it('loads a valid artefact', () => {
    const set = load({ path: 'one.yml', text: base });
    expect(set.problems).toEqual([]);
    expect(set.artefacts.map((a) => a.id)).toEqual(['X-one']);
  });

  it('rejects a malformed review-by date rather than coercing it', () => {
    const set = load({ path: 'one.yml', text: base.replace('2027-01-01', '2026-24-10') });
    expect(set.artefacts).toEqual([]);
    expect(set.problems[0]).toMatchObject({ file: 'one.yml', line: 7, message: '$.review_by: must be a real calendar date written YYYY-MM-DD' });
  });

  it('rejects a broken JSONPath with its line', () => {
    const set = load({ path: 'one.yml', text: base.replace('given: $.a', 'given: $.a[?(@.x ==)]') });
    expect(set.problems[0]).toMatchObject({ line: 13, message: expect.stringContaining('JSONPath "$.a[?(@.x ==)]"') });
    const unbalanced = load({ path: 'one.yml', text: base.replace('given: $.a', 'given: $.a[0') });
    expect(unbalanced.problems[0]!.message).toMatch(/unbalanced/);
  });

  it('rejects a misspelt or invalid assertion keyword', () => {
    const set = load({ path: 'one.yml', text: base.replace('{ const: 1 }', '{ minimun: 1 }') });
    expect(set.problems[0]).toMatchObject({ line: 14, message: expect.stringMatching(/"minimun" is not a keyword an assertion can use/) });
    const badDuration = load({ path: 'one.yml', text: base.replace('{ const: 1 }', '{ maxAge: twelve months }') });
    expect(badDuration.problems).toHaveLength(1);
  });

  it('rejects a reference to a table the artefact does not define', () => {
    const set = load({ path: 'one.yml', text: base.replace('{ const: 1 }', '{ endOfSupport: { table: eol } }') });
    expect(set.problems[0]!.message).toMatch(/table "eol"/);
  });

  it('rejects duplicate ids, naming both files', () => {
    const set = load({ path: 'a.yml', text: base }, { path: 'b.yml', text: base });
    expect(set.artefacts).toHaveLength(1);
    expect(set.problems[0]).toMatchObject({ file: 'b.yml', line: 1, message: 'duplicate artefact id "X-one" (also defined in a.yml); ids must be unique' });
  });

  it('reports every schema problem and keeps loading the other artefacts', () => {
    const set = load({ path: 'bad.yml', text: 'id: X-bad\ntitle: Bad\nseverity: sometimes\n' }, { path: 'one.yml', text: base });
    expect(set.artefacts.map((a) => a.id)).toEqual(['X-one']);
    const messages = set.problems.map((p) => p.message);
    expect(messages).toContain('$: "kind" is required');
    expect(messages).toContainEqual(expect.stringContaining('$.severity: must be one of "must", "should", "may"'));
  });
});

describe('the order of artefacts', () => {
  it('is by code unit, whatever the locale: upper case before lower, as every machine sorts it', () => {
    const file = (id: string): SourceFile => ({ path: `${id}.yml`, text: base.replace('id: X-one', `id: ${id}`) });
    const loaded = load(file('beta'), file('Alpha'), file('alpha'), file('Z9'));
    expect(loaded.problems).toEqual([]);
    // localeCompare would give alpha, Alpha, beta, Z9 (or another order under another locale).
    expect(loaded.artefacts.map((a) => a.id)).toEqual(['Alpha', 'Z9', 'alpha', 'beta']);
  });
});
