// Unknown is not pass: a rule in scope whose assertion fails only because facts are missing (neither
// declared nor observed) says what to declare, and never that the design does not comply.
import type { ErrorObject } from 'ajv';
import type { Rule } from '../artefacts/model.js';
import type { EvidenceHint } from '../evidence/types.js';
import { formatPath, type Match, type Segment } from '../paths/jsonpath.js';
import { errorSegments } from '../schema/ajv.js';

/** Errors that only restate their branches' own errors. */
const SUMMARY_KEYWORDS = new Set(['anyOf', 'oneOf', 'if']);

export interface MissingFacts {
  /** The first missing property, where the result points. */
  at: Segment[];
  /** What to declare: each missing property's path, or the fields it requires of its own. */
  paths: Segment[][];
  /** True when declaring any one of them would do (they come from alternatives, anyOf or oneOf). */
  alternatives: boolean;
}

/**
 * After `rule.assert` failed on `target`: the facts it lacks, when missing properties (`required`) are
 * the only reason it failed; undefined when anything declared or observed is itself wrong.
 */
export function missingFacts(rule: Rule, target: Match): MissingFacts | undefined {
  // The fast validator stops at its first error; only a missing property needs the full list.
  if (rule.assert.errors?.[0]?.keyword !== 'required') return undefined;
  const validate = rule.assertAll();
  if (validate(target.value)) return undefined;
  const errors = (validate.errors ?? []).filter((e) => !SUMMARY_KEYWORDS.has(e.keyword));
  if (errors.length === 0 || errors.some((e) => e.keyword !== 'required')) return undefined;
  const seen = new Set<string>();
  const paths: Segment[][] = [];
  let at: Segment[] | undefined;
  for (const error of errors) {
    const property = missingProperty(error);
    const under = [...target.segments, ...errorSegments(error), property];
    at ??= under;
    for (const inner of innerRequired(validate.schema, error.schemaPath, property)) {
      const path = inner.length === 0 ? under : [...under, ...inner];
      const key = formatPath(path);
      if (seen.has(key)) continue;
      seen.add(key);
      paths.push(path);
    }
  }
  return { at: at!, paths, alternatives: errors.some((e) => /\/(anyOf|oneOf)\//.test(e.schemaPath)) };
}

/**
 * What a missing property stands for (see requiredWithin), by the assertion's schema and where in it the
 * error arose: the same few places recur on every evaluation, so each is worked out once.
 */
const innerBySchema = new WeakMap<object, Map<string, Segment[][]>>();

function innerRequired(schema: unknown, schemaPath: string, property: string): Segment[][] {
  if (schema === null || typeof schema !== 'object') return requiredWithin(undefined, 0);
  let known = innerBySchema.get(schema);
  if (!known) innerBySchema.set(schema, (known = new Map()));
  const key = `${schemaPath}\u0000${property}`;
  let inner = known.get(key);
  if (!inner) {
    const within = schemaAt(schema, schemaPath.split('/').slice(1, -1));
    known.set(key, (inner = requiredWithin(within?.properties?.[property], 0)));
  }
  return inner;
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  required?: unknown;
}

function schemaAt(root: unknown, pointer: readonly string[]): SchemaNode | undefined {
  let node = root;
  for (const raw of pointer) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node !== null && typeof node === 'object' ? (node as SchemaNode) : undefined;
}

/**
 * A missing section whose schema requires fields of its own stands for those fields (one level down): `source` missing
 * where `source.host` and `source.org` are required asks for `source.host` and `source.org`.
 */
function requiredWithin(schema: SchemaNode | undefined, depth: number): Segment[][] {
  const required = Array.isArray(schema?.required) ? (schema.required as unknown[]).filter((k): k is string => typeof k === 'string') : [];
  if (required.length === 0 || depth >= 1) return [[]];
  return required.flatMap((key) => requiredWithin(schema?.properties?.[key], depth + 1).map((rest) => [key, ...rest]));
}

function missingProperty(error: ErrorObject): string {
  return String((error.params as { missingProperty: string }).missingProperty);
}

/**
 * A path in words a team can act on: `data_stores[main-db].public_ip` names the list item it means
 * (by its `name`) rather than its position.
 */
export function plainPath(data: unknown, segments: readonly Segment[]): string {
  let node = data;
  let text = '';
  for (const s of segments) {
    const next = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[s] : undefined;
    if (typeof s === 'number') {
      const name = next !== null && typeof next === 'object' ? (next as { name?: unknown }).name : undefined;
      text += `[${typeof name === 'string' && name.length <= 60 ? name : s}]`;
    } else {
      text += text === '' ? s : `.${s}`;
    }
    node = next;
  }
  return text;
}

/** What the design must say for the rule to be checked: the paths to declare, and the file that would show each. */
export function unknownMessage(data: unknown, manifestFile: string, rule: Rule, missing: MissingFacts, hints?: EvidenceHint): string {
  const names = missing.paths.map((p) => `\`${plainPath(data, p)}\``);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} ${missing.alternatives ? 'or' : 'and'} ${names[names.length - 1]!}`;
  const shown = [...new Set(missing.paths.map((p) => hintFor(p, hints)).filter((h): h is string => h !== undefined))];
  const evidence = shown.length > 0 ? `, or add ${shown.join(' or ')}, which would show it` : '';
  const what = rule.description ? `: ${rule.description}` : ` ${rule.id}`;
  return `Not declared: ${list}. Declare ${names.length === 1 ? 'it' : missing.alternatives ? 'one of them' : 'them'} in ${manifestFile}${evidence}, so the rule can be checked${what}`;
}

function hintFor(path: readonly Segment[], hints: EvidenceHint | undefined): string | undefined {
  if (!hints) return undefined;
  const exact = formatPath(path);
  return hints(exact) ?? hints(exact.replace(/\[\d+\]/g, '[*]'));
}
