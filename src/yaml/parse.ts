// Parsing YAML that people wrote: limits against hostile input, and positions kept for every finding.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { InputProblem, SourceLocation } from '../types.js';
import type { Segment } from '../paths/jsonpath.js';
import type { Locator, SourceFile } from '../source.js';

export const MAX_YAML_BYTES = 1024 * 1024;
export const MAX_DEPTH = 64;
const MAX_ALIASES = 100;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface ParsedYaml {
  data: unknown;
  locate: Locator;
  warnings: InputProblem[];
}

export type YamlOutcome = { ok: true; parsed: ParsedYaml } | { ok: false; problem: InputProblem };

export function parseYaml(file: SourceFile, maxBytes = MAX_YAML_BYTES): YamlOutcome {
  const fail = (message: string, line?: number, column?: number): YamlOutcome => ({
    ok: false,
    problem: { file: file.path, line, column, message, level: 'error' },
  });
  if (Buffer.byteLength(file.text, 'utf8') > maxBytes) {
    return fail(`is larger than ${Math.round(maxBytes / 1024)} KiB; split it or remove what is not part of the design`);
  }
  if (file.text.trim() === '') return fail('is empty; write a YAML mapping (run `npx assure-design init` for a starter)');

  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    // Duplicate keys are found while indexing (the library's own check compares each key with every
    // earlier one: quadratic in the keys of a mapping).
    doc = parseDocument(file.text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    return fail(`could not be parsed as YAML (${shortMessage(error)})`);
  }
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    return fail(`invalid YAML: ${shortMessage(first)}`, pos.line, pos.col);
  }
  // One walk both checks the structure (before toJS can be hurt by it) and indexes positions.
  let index: PositionIndex;
  try {
    index = indexPositions(doc.contents, (doc.contents as Node | null)?.range?.[0] ?? 0, 0);
  } catch (error) {
    if (!(error instanceof StructureError)) throw error;
    const pos = error.offset === undefined ? undefined : lineCounter.linePos(error.offset);
    return fail(error.message, pos?.line, pos?.col);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    const message = shortMessage(error);
    return fail(
      /alias/i.test(message)
        ? 'uses too many YAML aliases (a "billion laughs" expansion); write the values out instead'
        : `could not be read as YAML (${message})`,
    );
  }
  const locate = makeLocator(index, lineCounter, file.path);
  const warnings: InputProblem[] = doc.warnings.map((w) => {
    const pos = lineCounter.linePos(w.pos[0]);
    return { file: file.path, line: pos.line, column: pos.col, message: shortMessage(w), level: 'warning' };
  });
  return { ok: true, parsed: { data, locate, warnings } };
}

function shortMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? text).replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** A structure no manifest needs and some attacks use: prototype keys, collection keys, deep nesting. */
class StructureError extends Error {
  constructor(
    message: string,
    readonly offset: number | undefined,
  ) {
    super(message);
  }
}

interface PositionIndex {
  /** Offset where the value is best shown: a scalar's value, a collection's key. */
  at: number;
  children?: Map<string | number, PositionIndex>;
  /** The location, worked out the first time a finding asks for it. */
  location?: SourceLocation;
}

/**
 * Positions are indexed once and the YAML document is dropped: a manifest held for evaluation then
 * costs a few kilobytes, not the whole syntax tree.
 */
function indexPositions(node: unknown, at: number, depth: number): PositionIndex {
  if (depth > MAX_DEPTH) throw new StructureError(`is nested more than ${MAX_DEPTH} levels deep`, at);
  const entry: PositionIndex = { at };
  if (isMap(node)) {
    entry.children = new Map();
    for (const pair of node.items) {
      if (!isScalar(pair.key)) {
        throw new StructureError('uses a mapping or list as a key; keys must be plain text', (pair.key as Node | null)?.range?.[0] ?? at);
      }
      const key = pair.key.value;
      const keyAt = pair.key.range?.[0] ?? at;
      if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) throw new StructureError(`uses the reserved key "${key}"; rename it`, keyAt);
      if (entry.children.has(String(key))) throw new StructureError(`has the key "${String(key).slice(0, 100)}" twice; map keys must be unique`, keyAt);
      const valueAt = isScalar(pair.value) ? (pair.value.range?.[0] ?? keyAt) : keyAt;
      entry.children.set(String(key), indexPositions(pair.value, valueAt, depth + 1));
    }
  } else if (isSeq(node)) {
    entry.children = new Map();
    node.items.forEach((item, i) => {
      entry.children!.set(i, indexPositions(item, (item as Node | undefined)?.range?.[0] ?? at, depth + 1));
    });
  }
  return entry;
}

function makeLocator(root: PositionIndex, lineCounter: LineCounter, file: string): Locator {
  const at = (entry: PositionIndex): SourceLocation => {
    if (!entry.location) {
      const pos = lineCounter.linePos(entry.at);
      entry.location = { file, line: pos.line, column: pos.col };
    }
    return entry.location;
  };
  return (segments: readonly Segment[]) => {
    let entry = root;
    for (const segment of segments) {
      // ajv reports digit-only mapping keys as numbers, so a number may name a mapping key too.
      const next = entry.children?.get(segment) ?? entry.children?.get(String(segment));
      if (!next) break;
      entry = next;
    }
    return at(entry);
  };
}
