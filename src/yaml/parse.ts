// Parsing YAML that people wrote: limits against hostile input, and positions kept for every finding.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
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

function makeLocator(doc: Document, lineCounter: LineCounter, file: string): Locator {
  const at = (node: unknown): SourceLocation | undefined => {
    const range = (node as Node | undefined)?.range;
    if (!range) return undefined;
    const pos = lineCounter.linePos(range[0]);
    return { file, line: pos.line, column: pos.col };
  };
  return (segments: readonly Segment[]) => {
    let node: unknown = doc.contents;
    let best = at(node) ?? { file, line: 1, column: 1 };
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return best;
        node = pair.value;
        // A scalar is best shown where its value is; a block collection where its key is.
        best = (isScalar(node) ? at(node) : undefined) ?? at(pair.key) ?? best;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) return best;
        node = item;
        best = at(item) ?? best;
      } else {
        return best;
      }
    }
    return best;
  };
}
