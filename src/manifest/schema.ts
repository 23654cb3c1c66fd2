import type { ValidateFunction } from 'ajv';
import { schemaText, schemaValidator } from '../schema/precompiled.js';

let schema: ManifestSchema | undefined;

interface ManifestSchema {
  $defs: Record<'service' | 'school', object>;
}

/** The design manifest schema as written, read once per process. */
export function manifestSchema(): ManifestSchema {
  schema ??= JSON.parse(schemaText('design-manifest')) as ManifestSchema;
  return schema;
}

/** The design manifest schema, compiled once per process. */
export function manifestValidator(): ValidateFunction {
  return schemaValidator('design-manifest');
}

/**
 * The keys the schema knows beside an unknown one: `schemaPath` is where ajv found the
 * `additionalProperties` that refused it (`#/$defs/service/properties/auth/additionalProperties`).
 */
export function knownKeysAt(schemaPath: string): string[] {
  let node: unknown = manifestSchema();
  const steps = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  for (const raw of steps) {
    if (node === null || typeof node !== 'object') return [];
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  const properties = node !== null && typeof node === 'object' ? (node as { properties?: unknown }).properties : undefined;
  return properties !== null && typeof properties === 'object' ? Object.keys(properties) : [];
}
