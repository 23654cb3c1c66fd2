// Validators for assure's own schemas (schema/*.json). The build writes each one out as ajv standalone
// code (build/precompiled/), so a process starts without compiling them; a module is used only when the
// schema it was generated from is byte for byte the one on disk, and otherwise the schema is compiled.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { createAjv } from './ajv.js';
import { packageFile } from '../package-root.js';
import { precompiledJson, precompiledModule } from './precompiled-files.js';

export const SCHEMA_NAMES = ['design-manifest', 'artefact', 'collector', 'config', 'report'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

/** The content hash that names what a generated file was made from. */
export function contentHash(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/** The generated module for a schema: its file name and the hash of the schema text it holds. */
export interface PrecompiledEntry {
  file: string;
  hash: string;
}

let index: Record<string, PrecompiledEntry> | null | undefined;

function precompiledIndex(): Record<string, PrecompiledEntry> | null {
  if (index === undefined) {
    index = (precompiledJson('schemas.json') as Record<string, PrecompiledEntry> | undefined) ?? null;
  }
  return index;
}

const validators = new Map<SchemaName, ValidateFunction>();

/** The schema's text as shipped. */
export function schemaText(name: SchemaName): string {
  return readFileSync(packageFile(`schema/${name}.schema.json`), 'utf8');
}

/** The validator for one of assure's schemas (every error reported), made once per process. */
export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    const text = schemaText(name);
    validate = generatedValidator(name, text) ?? createAjv({ allErrors: true }).compile(JSON.parse(text) as object);
    validators.set(name, validate);
  }
  return validate;
}

function generatedValidator(name: SchemaName, text: string): ValidateFunction | undefined {
  const entry = precompiledIndex()?.[name];
  if (!entry || entry.hash !== contentHash(text)) return undefined;
  const loaded = precompiledModule(entry.file) as (ValidateFunction & { default?: ValidateFunction }) | undefined;
  return loaded?.default ?? loaded;
}
