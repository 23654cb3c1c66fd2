import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../schema/ajv.js';
import { packageFile } from '../package-root.js';

let validator: ValidateFunction | undefined;
let schema: ManifestSchema | undefined;

interface ManifestSchema {
  $defs: Record<'service' | 'school', object>;
}

/** The design manifest schema as written, read once per process. */
export function manifestSchema(): ManifestSchema {
  schema ??= JSON.parse(readFileSync(packageFile('schema/design-manifest.schema.json'), 'utf8')) as ManifestSchema;
  return schema;
}

/** The design manifest schema, compiled once per process. */
export function manifestValidator(): ValidateFunction {
  validator ??= createAjv({ allErrors: true }).compile(manifestSchema());
  return validator;
}
