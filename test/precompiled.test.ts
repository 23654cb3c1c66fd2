// What the build ships so that a process starts without compiling: it must behave exactly as what it
// replaces, and never stand in for a text it was not made from. Run after `npm run build`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinArtefactFiles, loadArtefacts } from '../src/index.js';
import { assertionKey, shippedAssertion } from '../src/artefacts/assertions.js';
import { parseArtefactFile } from '../src/artefacts/snapshot.js';
import { createAjv } from '../src/schema/ajv.js';
import { addDomainKeywords, type AssertionContext } from '../src/artefacts/keywords.js';
import { SCHEMA_NAMES, schemaText, schemaValidator } from '../src/schema/precompiled.js';
import { parseYaml, restoreYaml, snapshotYaml } from '../src/yaml/parse.js';
import type { Segment } from '../src/paths/jsonpath.js';
import { root } from './helpers.js';

/** Every path to a value in `data`, containers included. */
function paths(data: unknown, trail: Segment[] = []): Segment[][] {
  const out: Segment[][] = [trail];
  if (Array.isArray(data)) data.forEach((v, i) => out.push(...paths(v, [...trail, i])));
  else if (data !== null && typeof data === 'object') for (const [k, v] of Object.entries(data)) out.push(...paths(v, [...trail, k]));
  return out;
}

describe('the pre-parsed library', () => {
  it('gives the data and the line and column of every value that parsing the text gives', () => {
    for (const file of builtinArtefactFiles()) {
      const parsed = parseYaml(file);
      const snapshot = snapshotYaml(file);
      if (!parsed.ok || !snapshot) throw new Error(`${file.path} does not parse`);
      const restored = restoreYaml(file, JSON.parse(JSON.stringify(snapshot)) as typeof snapshot);
      expect(restored.data).toEqual(parsed.parsed.data);
      for (const path of paths(parsed.parsed.data)) expect(restored.locate(path)).toEqual(parsed.parsed.locate(path));
    }
  });

  it('is not used for a file whose text differs by one character from the one it was made from', () => {
    const file = builtinArtefactFiles()[0]!;
    const edited = { path: file.path, text: file.text.replace(/^title: (.*)$/m, 'title: $1!') };
    expect(edited.text).not.toBe(file.text);
    const outcome = parseArtefactFile(edited);
    expect(outcome.ok && (outcome.parsed.data as { title: string }).title.endsWith('!')).toBe(true);
  });

  it('vouches for the artefact schema only for the very texts the build checked', () => {
    const files = builtinArtefactFiles();
    expect(files.every((f) => parseArtefactFile(f).schemaValid === true)).toBe(true);
    expect(loadArtefacts(files).problems).toEqual([]);
    // The same file with a severity the schema does not allow: checked afresh, and reported with its line.
    const file = files.find((f) => /^severity: must$/m.test(f.text))!;
    const edited = { path: file.path, text: file.text.replace(/^severity: must$/m, 'severity: always') };
    expect(parseArtefactFile(edited).schemaValid).toBeFalsy();
    const line = edited.text.split('\n').findIndex((l) => l === 'severity: always') + 1;
    expect(loadArtefacts([edited]).problems).toEqual([expect.objectContaining({ file: file.path, line, level: 'error', message: expect.stringContaining('severity') })]);
  });
});

describe('the shipped validators', () => {
  it('report the same errors as the schemas compiled afresh, on the examples and on broken copies of them', () => {
    const manifests = readdirSync(join(root, 'examples'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(root, 'examples', e.name, 'design.yml')))
      .map((e) => parseYaml({ path: e.name, text: readFileSync(join(root, 'examples', e.name, 'design.yml'), 'utf8') }))
      .flatMap((o) => (o.ok ? [o.parsed.data] : []));
    const broken = manifests.map((m) => ({ ...(m as object), auth: 42, unknown_key: true, name: '' }));
    const samples = [...manifests, ...broken, {}, [], null, 'text'];
    for (const name of SCHEMA_NAMES) {
      const shipped = schemaValidator(name);
      const fresh = createAjv({ allErrors: true }).compile(JSON.parse(schemaText(name)) as object);
      for (const sample of samples) {
        expect(shipped(sample)).toBe(fresh(sample));
        expect(shipped.errors ?? null).toEqual(fresh.errors ?? null);
      }
    }
  });

  it('hold every library assertion, domain keywords included, judging dates against the day they are given', () => {
    const library = builtinArtefactFiles().flatMap((f) => {
      const o = parseYaml(f);
      if (!o.ok) return [];
      const data = o.parsed.data as { tables?: AssertionContext['tables']; rules?: Record<string, { assert?: object }> };
      return Object.values(data.rules ?? {}).map((r) => ({ schema: r.assert!, tables: data.tables ?? {} }));
    });
    const samples = [{}, { protocol: 'ldap' }, { engine: 'postgresql', version: '9' }, { name: 'node', version: '18.2.0' }, { name: 'node', version: '24.1.0' }, { last_reviewed: '2025-01-10', review_by: '2027-02-01' }, '2025-11-30', [], 'x', 1, null];
    const domain = library.filter(({ schema }) => /"(maxAge|notPast|notWithin|minVersion|endOfSupport)"/.test(JSON.stringify(schema)));
    expect(domain.length).toBeGreaterThan(5);
    for (const today of ['2025-06-01', '2026-12-01', '2031-01-01']) {
      const context: AssertionContext = { today, tables: {} };
      const freshContext: AssertionContext = { today, tables: {} };
      const ajv = createAjv({ strictSchema: true });
      addDomainKeywords(ajv, freshContext);
      for (const { schema, tables } of library) {
        const validate = shippedAssertion(schema, context, tables);
        expect(validate, JSON.stringify(schema)).toBeDefined();
        freshContext.tables = tables;
        const fresh = ajv.compile(schema);
        for (const sample of samples) {
          expect(validate!(sample)).toBe(fresh(sample));
          expect(validate!.errors ?? null).toEqual(fresh.errors ?? null);
        }
      }
    }
  });

  it('hold none for a schema, or tables, they were not made from', () => {
    const context: AssertionContext = { today: '2026-12-01', tables: {} };
    const assertion = { type: 'object', required: ['protocol'], properties: { protocol: { enum: ['oidc', 'saml'] } } };
    expect(shippedAssertion({ ...assertion, title: 'never in the library' }, context)).toBeUndefined();
    expect(assertionKey(assertion)).not.toBe(assertionKey({ ...assertion, required: [] }));
    const support = { endOfSupport: { table: 'runtimes' } };
    expect(assertionKey(support, { runtimes: { node: [{ version: '20', ends: '2026-04-30' }] } })).not.toBe(assertionKey(support, { runtimes: { node: [{ version: '20', ends: '2027-04-30' }] } }));
  });
});
