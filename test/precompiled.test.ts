// What the build ships so that a process starts without compiling: it must behave exactly as what it
// replaces, and never stand in for a text it was not made from. Run after `npm run build`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinArtefactFiles } from '../src/index.js';
import { assertionKey, shippedAssertion } from '../src/artefacts/assertions.js';
import { parseArtefactFile } from '../src/artefacts/snapshot.js';
import { createAjv } from '../src/schema/ajv.js';
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

  it('hold the library assertions without domain keywords, and none for a schema they were not made from', () => {
    const assertion = { type: 'object', required: ['protocol'], properties: { protocol: { enum: ['oidc', 'saml'] } } };
    const library = builtinArtefactFiles().flatMap((f) => {
      const o = parseYaml(f);
      return o.ok ? Object.values(((o.parsed.data as { rules?: Record<string, { assert?: object }> }).rules ?? {})).map((r) => r.assert!) : [];
    });
    const shipped = library.filter((schema) => shippedAssertion(schema) !== undefined);
    expect(shipped.length).toBeGreaterThan(library.length / 2);
    for (const schema of shipped) {
      const fresh = createAjv({ strictSchema: true }).compile(schema);
      for (const sample of [{}, { protocol: 'ldap' }, { engine: 'postgresql', version: '9' }, [], 'x', 1, null]) {
        const validate = shippedAssertion(schema)!;
        expect(validate(sample)).toBe(fresh(sample));
        expect(validate.errors ?? null).toEqual(fresh.errors ?? null);
      }
    }
    expect(shippedAssertion({ ...assertion, title: 'never in the library' })).toBeUndefined();
    expect(assertionKey(assertion)).not.toBe(assertionKey({ ...assertion, required: [] }));
  });
});
