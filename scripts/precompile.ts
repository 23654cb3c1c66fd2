// Run by `npm run build`: writes what a process would otherwise work out at every start. assure's own
// schemas become ajv standalone validators and the built-in library's YAML a JSON snapshot, each named
// by the hash of the text it was made from (see src/schema/precompiled.ts, src/artefacts/snapshot.ts).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { ASSERTIONS_MODULE, assertionKey, wrapStandalone } from '../src/artefacts/assertions.js';
import { addDomainKeywords, type AssertionContext } from '../src/artefacts/keywords.js';
import { builtinArtefactFiles } from '../src/artefacts/files.js';
import { snapshotKey, type LibraryEntry } from '../src/artefacts/snapshot.js';
import { createAjv } from '../src/schema/ajv.js';
import { FORMATS_MODULE, formatsModuleSource } from '../src/schema/uri.js';
import { contentHash, SCHEMA_NAMES, schemaText, schemaValidator, type PrecompiledEntry } from '../src/schema/precompiled.js';
import { PRECOMPILED_DIR } from '../src/schema/precompiled-files.js';
import { packageFile } from '../src/package-root.js';
import { snapshotYaml } from '../src/yaml/parse.js';
import { BUILTIN_COLLECTORS } from '../src/evidence/collectors/index.js';
import { GLOBS_FILE, globKey, globRegExp, type ShippedGlobs } from '../src/evidence/globs.js';

// ajv's standalone module is CommonJS; under NodeNext its default export arrives as `.default`.
const standaloneCode = standaloneCodeModule.default;

const out = packageFile(PRECOMPILED_DIR);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// The formats assure's own schemas call, ajv-formats' with the fast path for `uri` (src/schema/uri.ts).
writeFileSync(join(out, FORMATS_MODULE), formatsModuleSource());
const schemas: Record<string, PrecompiledEntry> = {};
for (const name of SCHEMA_NAMES) {
  const text = schemaText(name);
  const ajv = createAjv({ allErrors: true, source: true, formatsModule: `./${FORMATS_MODULE}` });
  const file = `${name}.schema.cjs`;
  writeFileSync(join(out, file), standaloneCode(ajv, ajv.compile(JSON.parse(text) as object)));
  schemas[name] = { file, hash: contentHash(text) };
}
writeFileSync(join(out, 'schemas.json'), `${JSON.stringify(schemas, null, 2)}\n`);

const library: Record<string, LibraryEntry> = {};
const artefactSchema = schemaValidator('artefact');
for (const file of builtinArtefactFiles()) {
  const snapshot = snapshotYaml(file);
  if (snapshot) library[snapshotKey(file)] = { snapshot, schemaValid: artefactSchema(snapshot.data) === true };
}
writeFileSync(join(out, 'library.json'), JSON.stringify(library));

// The library's assertions, with the options `loadArtefacts` compiles them with, domain keywords included:
// they generate calls to the runtime the shipped module is given (src/artefacts/assertions.ts).
const context: AssertionContext = { today: '1970-01-01', tables: {} };
const assertions = createAjv({ strictSchema: true, source: true });
addDomainKeywords(assertions, context);
const names: Record<string, string> = {};
const add = (schema: unknown, tables: AssertionContext['tables']): void => {
  if (schema === undefined || (typeof schema !== 'object' && typeof schema !== 'boolean')) return;
  const key = assertionKey(schema as object | boolean, tables);
  if (key in names) return;
  context.tables = tables;
  assertions.addSchema(schema as object, key);
  assertions.compile(schema as object | boolean);
  names[key] = key;
};
for (const { snapshot } of Object.values(library)) {
  const def = snapshot.data as { tables?: AssertionContext['tables']; scope?: { when?: unknown }; rules?: Record<string, { when?: unknown; assert?: unknown }> };
  const tables = def.tables ?? {};
  add(def.scope?.when, tables);
  for (const rule of Object.values(def.rules ?? {})) {
    add(rule.when, tables);
    add(rule.assert, tables);
  }
}
writeFileSync(join(out, ASSERTIONS_MODULE), wrapStandalone(standaloneCode(assertions, names)));

// The built-in collectors' globs as the expressions picomatch makes of them (src/evidence/globs.ts).
const globs: ShippedGlobs = {};
for (const collector of BUILTIN_COLLECTORS) {
  for (const glob of collector.files) {
    const made = globRegExp(glob, collector.nocase ?? false);
    globs[globKey(glob, collector.nocase ?? false)] = [made.source, made.flags];
  }
}
writeFileSync(join(out, GLOBS_FILE), JSON.stringify(globs));
