// Parsing YAML that people wrote: limits against hostile input, and positions kept for every finding.
// The syntax tree comes from @stoplight/yaml-ast-parser with no implicit types; scalars are resolved
// here by the YAML 1.2 core schema (so `NO`, `on` and an unquoted date stay the text written).
import { Kind, safeLoad, type YAMLNode, type YAMLScalar } from '@stoplight/yaml-ast-parser';
import { Schema } from '@stoplight/yaml-ast-parser/dist/src/schema.js';
import { Type } from '@stoplight/yaml-ast-parser/dist/src/type.js';
import YAMLException from '@stoplight/yaml-ast-parser/dist/src/exception.js';
import { isDeepStrictEqual } from 'node:util';
import type { InputProblem } from '../types.js';
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

type CoreTag = 'str' | 'int' | 'float' | 'bool' | 'null' | 'seq' | 'map';
type TaggedNode = YAMLScalar & { coreTag?: CoreTag };

/** Explicit core tags mark the node and leave resolving to this module; any other tag is an error. */
const tagged = (name: CoreTag, kind: 'scalar' | 'sequence' | 'mapping'): Type =>
  new Type(`tag:yaml.org,2002:${name}`, {
    kind,
    construct: (node: (YAMLNode & { coreTag?: CoreTag }) | null) => {
      if (node) node.coreTag = name;
      return node;
    },
  });
const CORE_TAGS = new Schema({
  explicit: [
    tagged('str', 'scalar'),
    tagged('int', 'scalar'),
    tagged('float', 'scalar'),
    tagged('bool', 'scalar'),
    tagged('null', 'scalar'),
    tagged('seq', 'sequence'),
    tagged('map', 'mapping'),
  ],
});

/** The first problem the parser meets, thrown so that parsing stops there. */
class FirstProblem extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number | undefined,
  ) {
    super(reason);
  }
}

// The parser records a problem and tries to carry on; some broken inputs (an escape such as `\U` with
// no hex digits) then never end. assure refuses a file at its first problem anyway, so while assure
// parses, building a problem's message throws instead: the one hook the parser offers, as it builds
// every problem's message in the exception's constructor.
let stopAtFirstProblem = false;
const describeProblem = YAMLException.prototype.toString;
YAMLException.prototype.toString = function (this: YAMLException, compact?: boolean) {
  if (stopAtFirstProblem) throw new FirstProblem(this.reason, this.mark?.position);
  return describeProblem.call(this, compact);
};

function load(text: string): YAMLNode | undefined {
  stopAtFirstProblem = true;
  try {
    return safeLoad(text, { schema: CORE_TAGS, ignoreDuplicateKeys: true }) as YAMLNode | undefined;
  } finally {
    stopAtFirstProblem = false;
  }
}

export interface YamlOptions {
  /**
   * Take the last of a key written twice instead of refusing the file. For files assure only reads
   * facts from (a repository's workflows, settings): their own tools decide what a repeated key
   * means, and refusing would lose every fact in them. Manifests, configuration and artefacts refuse.
   */
  lastKeyWins?: boolean;
}

export function parseYaml(file: SourceFile, maxBytes = MAX_YAML_BYTES, options: YamlOptions = {}): YamlOutcome {
  const outcome = parseIndexed(file, maxBytes, options);
  if (!outcome.ok) return outcome;
  const index = outcome.index;
  return { ok: true, parsed: { data: outcome.data, locate: makeLocator(() => index, outcome.lines, file.path), warnings: [] } };
}

/** A parse kept as plain JSON (the data and the offset of every value), so a build can ship it pre-parsed. */
export interface YamlSnapshot {
  data: unknown;
  index: SnapshotIndex;
}

/** An offset, or an offset with the entries below it. */
type SnapshotIndex = number | [number, Array<[string | number, SnapshotIndex]>];

/** The snapshot of a file that parses, or undefined when it does not (or its data is not plain JSON). */
export function snapshotYaml(file: SourceFile): YamlSnapshot | undefined {
  const outcome = parseIndexed(file, MAX_YAML_BYTES);
  if (!outcome.ok) return undefined;
  // NaN, infinities and -0 do not survive JSON: such a file is parsed at run time instead.
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(outcome.data)), outcome.data)) return undefined;
  const freeze = (entry: PositionIndex): SnapshotIndex =>
    typeof entry === 'number' ? entry : [entry.at, Array.isArray(entry.children) ? entry.children.map((child, i) => [i, freeze(child)]) : Object.entries(entry.children).map(([key, child]) => [key, freeze(child)])];
  return { data: outcome.data, index: freeze(outcome.index) };
}

/** The parse of `file` from its snapshot, as `parseYaml` would give it. The caller checks the snapshot is of this text. */
export function restoreYaml(file: SourceFile, snapshot: YamlSnapshot): ParsedYaml {
  const thaw = (entry: SnapshotIndex): PositionIndex => {
    if (typeof entry === 'number') return entry;
    const [at, entries] = entry;
    if (entries.every(([key], i) => key === i)) return { at, children: entries.map(([, child]) => thaw(child)) };
    const children: Record<string, PositionIndex> = {};
    for (const [key, child] of entries) children[key] = thaw(child);
    return { at, children };
  };
  // Thawed when a location is first asked for: most of the library's files are never asked one.
  let index: PositionIndex | undefined;
  return { data: snapshot.data, locate: makeLocator(() => (index ??= thaw(snapshot.index)), new LineIndex(file.text), file.path), warnings: [] };
}

type IndexedOutcome = { ok: true; data: unknown; index: PositionIndex; lines: LineIndex } | { ok: false; problem: InputProblem };

function parseIndexed(file: SourceFile, maxBytes: number, options: YamlOptions = {}): IndexedOutcome {
  const lines = new LineIndex(file.text);
  const fail = (message: string, offset?: number): IndexedOutcome => {
    const pos = offset === undefined ? undefined : lines.position(offset);
    return { ok: false, problem: { file: file.path, line: pos?.line, column: pos?.column, message, level: 'error' } };
  };
  // The length in UTF-16 units is at most the UTF-8 length, so short texts skip the byte count.
  if (file.text.length > maxBytes / 3 && Buffer.byteLength(file.text, 'utf8') > maxBytes) {
    return fail(`is larger than ${Math.round(maxBytes / 1024)} KiB; split it or remove what is not part of the design`);
  }
  if (file.text.trim() === '') return fail('is empty; write a YAML mapping (run `npx assure-design init` for a starter)');

  let root: YAMLNode | undefined;
  try {
    // Duplicate keys are found while converting (the parser's own check is quadratic in the keys).
    root = load(file.text);
  } catch (error) {
    if (error instanceof FirstProblem) return fail(`invalid YAML: ${error.reason}`, error.offset);
    // The parser descends once per level of nesting: only nesting far beyond the limit exhausts the stack.
    if (error instanceof RangeError) return fail(`is nested more than ${MAX_DEPTH} levels deep`);
    return fail(`could not be parsed as YAML (${shortMessage(error)})`);
  }
  if (!root) return fail('is empty; write a YAML mapping (run `assure init` for a starter)');

  const converter = new Converter(file.text, options.lastKeyWins === true);
  let index: PositionIndex;
  let data: unknown;
  try {
    data = converter.convert(root, root.startPosition, 0);
    index = converter.index;
  } catch (error) {
    if (!(error instanceof StructureError)) throw error;
    return fail(error.message, error.offset);
  }
  return { ok: true, data, index, lines };
}

function shortMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? text).trim();
}

/** A structure no manifest needs and some attacks use: prototype keys, collection keys, deep nesting, alias bombs. */
class StructureError extends Error {
  constructor(
    message: string,
    readonly offset: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Where each value was written: a leaf is its offset; a collection is the offset where it is best shown
 * (its key) and its children's entries, by index for a list and by key for a mapping. A mapping's
 * children are a plain object with the data's own keys in the data's order, so the thousands of
 * manifests a process may hold share their shapes rather than each keeping a hash table per node.
 */
type PositionIndex = number | { at: number; children: PositionIndex[] | Record<string, PositionIndex> };

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** A plain scalar by the YAML 1.2 core schema; anything else is the text written. */
function resolvePlain(text: string): unknown {
  const c = text.charCodeAt(0);
  // Most values start with a letter other than those that begin null, bool, .inf or .nan: a string.
  if (text.length > 0 && c > 0x39 && c !== 0x7e && c !== 0x4e && c !== 0x6e && c !== 0x54 && c !== 0x74 && c !== 0x46 && c !== 0x66) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text.charCodeAt(0) === 0x74 || text.charCodeAt(0) === 0x54;
  if (INT.test(text)) return parseInt(text, 10);
  if (OCT.test(text)) return parseInt(text.slice(2), 8);
  if (HEX.test(text)) return parseInt(text.slice(2), 16);
  if (FLOAT.test(text)) return parseFloat(text);
  if (SPECIAL_FLOAT.test(text)) return text.endsWith('nan') || text.endsWith('NaN') || text.endsWith('NAN') ? NaN : text.startsWith('-') ? -Infinity : Infinity;
  return text;
}

/**
 * Builds the data and the index of positions in one walk, checking the structure as it goes; the
 * syntax tree is then dropped, so a manifest held for evaluation costs a few kilobytes.
 */
class Converter {
  private aliases = 0;
  /** The index entry of the value convert() last returned (one walk makes both; no pair is allocated per node). */
  index: PositionIndex = 0;

  constructor(
    private readonly text: string,
    private readonly lastKeyWins: boolean,
  ) {}

  /** The value of `node`; its index entry is left in `this.index`. */
  convert(node: YAMLNode | null | undefined, at: number, depth: number): unknown {
    if (depth > MAX_DEPTH) throw new StructureError(`is nested more than ${MAX_DEPTH} levels deep`, at);
    this.index = at;
    if (!node) return null;
    switch (node.kind) {
      case Kind.SCALAR:
        return this.scalar(node as TaggedNode);
      case Kind.MAP: {
        const out: Record<string, unknown> = {};
        // The reserved keys are refused below, so a plain object is safe to key by what the file wrote.
        const children: Record<string, PositionIndex> = {};
        for (const pair of node.mappings as { key: YAMLNode | null; value: YAMLNode | null }[]) {
          const keyNode = pair.key;
          if (!keyNode || keyNode.kind !== Kind.SCALAR) {
            throw new StructureError('uses a mapping or list as a key; keys must be plain text', keyNode?.startPosition ?? at);
          }
          const resolved = this.scalar(keyNode as TaggedNode);
          const key = resolved === null ? '' : String(resolved);
          const keyAt = keyNode.startPosition;
          if (FORBIDDEN_KEYS.has(key)) throw new StructureError(`uses the reserved key "${key}"; rename it`, keyAt);
          if (!this.lastKeyWins && Object.hasOwn(children, key)) throw new StructureError(`has the key "${key.slice(0, 100)}" twice; map keys must be unique`, keyAt);
          const value = pair.value;
          const valueAt = !value || value.startPosition < 0 ? this.afterColon(keyNode) : value.kind === Kind.SCALAR ? value.startPosition : keyAt;
          out[key] = this.convert(value, valueAt, depth + 1);
          children[key] = this.index;
        }
        this.index = { at, children };
        return out;
      }
      case Kind.SEQ: {
        const items = (node as YAMLNode & { items: (YAMLNode | null)[] }).items;
        const out: unknown[] = new Array(items.length);
        const children: PositionIndex[] = new Array(items.length);
        let from = node.startPosition;
        let empty: number | undefined;
        for (let i = 0; i < items.length; i++) {
          const item = items[i];
          if (empty !== undefined && item && !this.startsLineAtColumnOf(item.startPosition, node.startPosition)) {
            // The parser folds the items after an empty one in a nested block list into that list.
            throw new StructureError('has an empty item in a nested list that cannot be read safely; write `null` for it', empty);
          }
          const itemAt = !item || item.startPosition < 0 ? this.afterDash(from) : item.kind === Kind.ANCHOR_REF ? item.startPosition - 1 : item.startPosition;
          if (!item && i < items.length - 1 && this.text.charCodeAt(node.startPosition) === 0x2d) empty ??= itemAt;
          out[i] = this.convert(item, itemAt, depth + 1);
          children[i] = this.index;
          from = item && item.startPosition >= 0 ? item.endPosition : itemAt;
        }
        this.index = { at, children };
        return out;
      }
      case Kind.ANCHOR_REF: {
        if (++this.aliases > MAX_ALIASES) {
          // No position: the expansion as a whole is the problem, not one alias in it.
          throw new StructureError('uses too many YAML aliases (a "billion laughs" expansion); write the values out instead', undefined);
        }
        // An alias is shown where it is written; its target's positions are not indexed again.
        const value = this.convert((node as YAMLNode & { value: YAMLNode | null }).value, at, depth + 1);
        this.index = at;
        return value;
      }
      default:
        throw new StructureError('uses a YAML feature assure does not read (an include); write the value out instead', node.startPosition);
    }
  }

  private scalar(node: TaggedNode): unknown {
    const text = node.value as string;
    const tag = node.coreTag;
    if (tag === 'str') return text;
    if (tag === undefined) return node.plainScalar ? resolvePlain(text) : text;
    const value = resolvePlain(text);
    const fits =
      tag === 'null' ? value === null : tag === 'bool' ? typeof value === 'boolean' : tag === 'int' ? INT.test(text) || OCT.test(text) || HEX.test(text) : typeof value === 'number';
    if (!fits) throw new StructureError(`has the value "${text.slice(0, 100)}", which is not a !!${tag}`, node.startPosition);
    return value;
  }

  /** Whether the line holding `offset` begins (after its indent) with a dash in the column of the one at `dash`. */
  private startsLineAtColumnOf(offset: number, dash: number): boolean {
    const column = (at: number): number => at - (this.text.lastIndexOf('\n', at - 1) + 1);
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    const first = this.skipSpaces(lineStart);
    return this.text.charCodeAt(first) === 0x2d && column(first) === column(dash);
  }

  /** Where an empty mapping value is shown: after its key's colon and the spaces that follow it. */
  private afterColon(key: YAMLNode): number {
    const end = Math.max(key.startPosition, key.endPosition);
    const colon = this.text.indexOf(':', end);
    return colon < 0 ? end : this.skipSpaces(colon + 1);
  }

  private skipSpaces(from: number): number {
    let i = from;
    while (this.text.charCodeAt(i) === 0x20) i++;
    return i;
  }

  /** Where an empty list item is shown: just after its dash and the spaces that follow it. */
  private afterDash(from: number): number {
    const i = this.text.indexOf('-', from);
    return i < 0 ? from : this.skipSpaces(i + 1);
  }
}

/** Line starts, found the first time a position is asked for. */
class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

function makeLocator(root: () => PositionIndex, lines: LineIndex, file: string): Locator {
  return (segments: readonly Segment[]) => {
    let entry = root();
    for (const segment of segments) {
      if (typeof entry === 'number') break;
      const next = childOf(entry.children, segment);
      if (next === undefined) break;
      entry = next;
    }
    const pos = lines.position(typeof entry === 'number' ? entry : entry.at);
    return { file, line: pos.line, column: pos.column };
  };
}

/** A list's item by its index, or a mapping's value by its key; ajv reports digit-only mapping keys as numbers. */
function childOf(children: PositionIndex[] | Record<string, PositionIndex>, segment: Segment): PositionIndex | undefined {
  if (Array.isArray(children)) return typeof segment === 'number' || /^(?:0|[1-9][0-9]*)$/.test(segment) ? children[Number(segment)] : undefined;
  const key = String(segment);
  return Object.hasOwn(children, key) ? children[key] : undefined;
}
