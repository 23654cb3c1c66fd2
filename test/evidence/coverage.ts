// The manifest paths the built-in artefacts' rules read (each rule's `given` and the properties its
// assertion requires), and which of them a document fills.
import { builtinArtefactFiles, loadArtefacts } from '../../src/index.js';
import { compilePath } from '../../src/paths/jsonpath.js';

interface SchemaLike {
  required?: string[];
  properties?: Record<string, SchemaLike>;
  items?: SchemaLike;
}

function normalise(expression: string): string {
  return expression.replace(/\[\*\]|\[\d+\]/g, '').replace(/\.\*$/, '').replace(/\[\?\(.*?\)\]/g, '');
}

export function paths(schema: SchemaLike | undefined, base: string, out: Set<string>, depth = 0): void {
  if (!schema || typeof schema !== 'object' || depth > 4) return;
  for (const key of schema.required ?? []) out.add(`${base}.${key}`);
  for (const [key, sub] of Object.entries(schema.properties ?? {})) paths(sub, `${base}.${key}`, out, depth + 1);
  if (schema.items) paths(schema.items, base, out, depth + 1);
}

export function ruleReadPaths(): string[] {
  const set = loadArtefacts(builtinArtefactFiles());
  const out = new Set<string>();
  for (const artefact of set.artefacts.filter((a) => a.profile === 'service')) {
    for (const rule of artefact.rules) {
      for (const given of rule.given) {
        const base = normalise(given.expression);
        const found = new Set<string>();
        paths(rule.assert.schema as SchemaLike, base, found);
        // A rule whose assertion names fields reads those; one that asserts on the value itself reads `given`.
        if (found.size === 0 && base !== '$') out.add(base);
        for (const p of found) out.add(p);
      }
    }
  }
  return [...out].filter((p) => !p.includes('(')).sort();
}

/** True when the document has a value at the path (in any item of a list on the way). */
export function filled(document: unknown, path: string): boolean {
  const steps = path.replace(/^\$\.?/, '').split('.').filter(Boolean);
  const visit = (node: unknown, i: number): boolean => {
    if (i === steps.length) return node !== undefined && node !== null;
    if (Array.isArray(node)) return node.some((item) => visit(item, i));
    if (node === null || typeof node !== 'object') return false;
    return visit((node as Record<string, unknown>)[steps[i]!], i + 1);
  };
  return compilePath(path.startsWith('$') ? path : `$.${path}`) !== undefined && visit(document, 0);
}
