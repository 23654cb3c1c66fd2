// JSONPath for artefact rules. Parsing and anything beyond plain member/index/wildcard steps is
// jsonpath-plus in its safe evaluation mode (artefacts are data, never code); the plain steps that
// nearly every rule uses are walked directly, because rules run thousands of times a second.
import { JSONPath } from 'jsonpath-plus';

export type Segment = string | number;

export interface Match {
  segments: Segment[];
  /** The segments written as a path ($.a[0].b), the same as formatPath(segments). */
  path: string;
  value: unknown;
}

export interface CompiledPath {
  expression: string;
  evaluate(root: unknown): Match[];
}

const PLAIN_NAME = /^[^*?()@$^~.,:'"[\]]+$/;

/** Checks an expression and compiles it; throws a readable Error when it is not a JSONPath we accept. */
export function compilePath(expression: string): CompiledPath {
  checkSyntax(expression);
  const steps = JSONPath.toPathArray(expression).slice(1);
  if (steps.every((s) => PLAIN_NAME.test(s) && !DIGITS.test(s))) return memberPath(expression, steps);
  if (steps.every((s) => s === '*' || PLAIN_NAME.test(s))) {
    const written = steps.map((s) => (s === '*' ? '' : member(s)));
    return { expression, evaluate: (root) => walk(root, steps, written, 0, [], '$', []) };
  }
  probeFilters(expression, steps);
  return { expression, evaluate: (root) => evaluateWithLibrary(expression, root) };
}

const DIGITS = /^\d+$/;
/** Shared by every path that finds nothing; like every match, only ever read. */
const NO_MATCHES: Match[] = [];

/**
 * A path of member names only (`$.hosting.regions`), as most rules' are: at most one match, whose
 * segments and written path are the same every time, so they are made once. (Not frozen: a frozen array
 * takes V8 off its fast paths, and nothing writes to a match.)
 */
function memberPath(expression: string, steps: readonly string[]): CompiledPath {
  const segments: Segment[] = [...steps];
  const path = `$${steps.map(member).join('')}`;
  return {
    expression,
    evaluate(root) {
      let node = root;
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, step)) return NO_MATCHES;
        node = (node as Record<string, unknown>)[step];
      }
      return [{ segments, path, value: node }];
    },
  };
}

function walk(node: unknown, steps: string[], written: string[], index: number, trail: Segment[], path: string, out: Match[]): Match[] {
  if (index === steps.length) {
    out.push({ segments: trail.slice(), path, value: node });
    return out;
  }
  if (node === null || typeof node !== 'object') return out;
  const step = steps[index] as string;
  if (Array.isArray(node)) {
    if (step === '*') {
      for (let i = 0; i < node.length; i++) {
        trail.push(i);
        walk(node[i], steps, written, index + 1, trail, `${path}[${i}]`, out);
        trail.pop();
      }
    } else if (/^\d+$/.test(step) && Number(step) < node.length) {
      trail.push(Number(step));
      walk(node[Number(step)], steps, written, index + 1, trail, `${path}[${step}]`, out);
      trail.pop();
    }
    return out;
  }
  const record = node as Record<string, unknown>;
  if (step === '*') {
    for (const key of Object.keys(record)) {
      trail.push(key);
      walk(record[key], steps, written, index + 1, trail, path + member(key), out);
      trail.pop();
    }
  } else if (Object.prototype.hasOwnProperty.call(record, step)) {
    trail.push(step);
    walk(record[step], steps, written, index + 1, trail, path + written[index], out);
    trail.pop();
  }
  return out;
}

function evaluateWithLibrary(expression: string, root: unknown): Match[] {
  if (root === null || typeof root !== 'object') return [];
  const found = JSONPath({ path: expression, json: root as object, eval: 'safe', resultType: 'all', wrap: true }) as Array<{
    pointer: string;
    value: unknown;
  }>;
  return found.map((m) => {
    const segments = pointerToSegments(m.pointer, root);
    return { segments, path: formatPath(segments), value: m.value };
  });
}

function pointerToSegments(pointer: string, root: unknown): Segment[] {
  if (pointer === '') return [];
  const segments: Segment[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: Segment = Array.isArray(node) ? Number(key) : key;
    segments.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return segments;
}

function checkSyntax(expression: string): void {
  if (typeof expression !== 'string' || !expression.startsWith('$')) {
    throw new Error(`JSONPath "${expression}" must start at the root, "$"`);
  }
  let depth = 0;
  let quote: string | undefined;
  for (const ch of expression) {
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    if (depth < 0) break;
  }
  if (depth !== 0 || quote) throw new Error(`JSONPath "${expression}" has unbalanced brackets or quotes`);
  if (/\.\.\.|\.$/.test(expression)) throw new Error(`JSONPath "${expression}" is malformed`);
}

/** Filter expressions only fail when evaluated: run each once on a probe so a typo is caught at load. */
function probeFilters(expression: string, steps: string[]): void {
  for (const step of steps) {
    if (!step.startsWith('?(') && !step.startsWith('(')) continue;
    try {
      JSONPath({ path: `$[${step}]`, json: [{}], eval: 'safe', wrap: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!/Cannot read properties/.test(message)) {
        throw new Error(`JSONPath "${expression}": ${message.replace(/^jsonPath: /, '')}`, { cause: error });
      }
    }
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const memberText = new Map<string, string>();

/** How a key is written in a path; manifests reuse the same few hundred keys, so it is remembered. */
function member(key: string): string {
  let text = memberText.get(key);
  if (text === undefined) {
    text = IDENTIFIER.test(key) ? `.${key}` : `['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
    if (memberText.size < 10_000) memberText.set(key, text);
  }
  return text;
}

/** The canonical written form of a location in a document: $.a.b[0]['odd key']. */
export function formatPath(segments: readonly Segment[]): string {
  let out = '$';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : member(s);
  return out;
}
