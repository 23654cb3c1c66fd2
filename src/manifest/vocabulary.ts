// Closed vocabularies: the manifest schema lists the canonical words for a value and, under
// `x-aliases`, the other ways people write them. Values are normalised before validation, so
// `uksouth`, `UK South` and `uk-south` are one region and every rule sees `uk-south`.

interface SchemaNode {
  type?: unknown;
  enum?: unknown[];
  'x-aliases'?: Record<string, string>;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** The canonical word for `value` under a vocabulary node, or the value unchanged when it is not one. */
export function canonicalWord(node: SchemaNode, value: string): string {
  const words = node.enum ?? [];
  if (words.includes(value)) return value;
  const key = value.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (words.includes(key)) return key;
  return node['x-aliases']?.[key] ?? value;
}

/** Rewrites, in place, every value the schema gives a vocabulary for; other values are left as written. */
export function normaliseVocabulary(data: unknown, node: SchemaNode | undefined): void {
  if (!node || data === null || typeof data !== 'object') return;
  if (Array.isArray(data)) {
    const items = node.items;
    if (!items) return;
    data.forEach((item, i) => {
      if (typeof item === 'string' && items['x-aliases']) data[i] = canonicalWord(items, item);
      else normaliseVocabulary(item, items);
    });
    return;
  }
  const record = data as Record<string, unknown>;
  const properties = node.properties;
  if (!properties) return;
  // The manifest's keys, not the schema's: a manifest sets a few of the many sections the schema knows.
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key) || !Object.prototype.hasOwnProperty.call(properties, key)) continue;
    const child = properties[key]!;
    const value = record[key];
    if (typeof value === 'string' && child['x-aliases']) record[key] = canonicalWord(child, value);
    else normaliseVocabulary(value, child);
  }
}
