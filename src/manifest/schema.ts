import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../schema/ajv.js';
import { packageFile } from '../package-root.js';

let validator: ValidateFunction | undefined;

/** The design manifest schema, compiled once per process. */
export function manifestValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(packageFile('schema/design-manifest.schema.json'), 'utf8')) as object;
    validator = createAjv({ allErrors: true }).compile(schema);
  }
  return validator;
}
