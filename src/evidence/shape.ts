// Which manifest paths hold lists, read from the manifest schema itself so the two never drift.
import { readFileSync } from 'node:fs';
import { packageFile } from '../package-root.js';
import type { Segment } from '../paths/jsonpath.js';

interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

let service: SchemaNode | undefined;

function serviceSchema(): SchemaNode {
  if (!service) {
    const schema = JSON.parse(readFileSync(packageFile('schema/design-manifest.schema.json'), 'utf8')) as { $defs: { service: SchemaNode } };
    service = schema.$defs.service;
  }
  return service;
}

/** The schema of a manifest path (array indexes step into `items`), or undefined when the schema has no such path. */
export function schemaAt(path: readonly Segment[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = serviceSchema();
  for (const segment of path) {
    if (!node) return undefined;
    node = typeof segment === 'number' ? node.items : node.properties?.[segment];
  }
  return node;
}

export function isListPath(path: readonly Segment[]): boolean {
  const type = schemaAt(path)?.type;
  return type === 'array' || (Array.isArray(type) && type.includes('array'));
}
