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
  if (file.text.trim() === '') return fail('is empty; write a YAML mapping (run `assure init` for a starter)');

  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(file.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    return fail(`could not be parsed as YAML (${shortMessage(error)})`);
  }
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    return fail(`invalid YAML: ${shortMessage(first)}`, pos.line, pos.col);
  }
  const structural = checkStructure(doc.contents, lineCounter);
  if (structural) {
    return fail(structural.message, structural.line, structural.column);
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
  const locate = makeLocator(doc, lineCounter, file.path);
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

/** Rejects keys that could reach an object's prototype, and nesting deep enough to exhaust a stack. */
function checkStructure(root: unknown, lineCounter: LineCounter): { message: string; line?: number; column?: number } | undefined {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) {
      const pos = positionOf(node, lineCounter);
      return { message: `is nested more than ${MAX_DEPTH} levels deep`, ...pos };
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) {
          return { message: `uses the reserved key "${key}"; rename it`, ...positionOf(pair.key, lineCounter) };
        }
        if (key !== null && typeof key === 'object') {
          return { message: 'uses a mapping or list as a key; keys must be plain text', ...positionOf(pair.key, lineCounter) };
        }
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  return undefined;
}

function positionOf(node: unknown, lineCounter: LineCounter): { line?: number; column?: number } {
  const range = (node as Node | undefined)?.range;
  if (!range) return {};
  const pos = lineCounter.linePos(range[0]);
  return { line: pos.line, column: pos.col };
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
function indexPositions(node: unknown, at: number): PositionIndex {
  const entry: PositionIndex = { at };
  if (isMap(node)) {
    entry.children = new Map();
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const keyAt = pair.key.range?.[0] ?? at;
      const valueAt = isScalar(pair.value) ? (pair.value.range?.[0] ?? keyAt) : keyAt;
      entry.children.set(String(pair.key.value), indexPositions(pair.value, valueAt));
    }
  } else if (isSeq(node)) {
    entry.children = new Map();
    node.items.forEach((item, i) => {
      entry.children!.set(i, indexPositions(item, (item as Node | undefined)?.range?.[0] ?? at));
    });
  }
  return entry;
}

function makeLocator(doc: Document, lineCounter: LineCounter, file: string): Locator {
  const root = indexPositions(doc.contents, (doc.contents as Node | null)?.range?.[0] ?? 0);
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
