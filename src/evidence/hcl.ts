// Terraform's HCL through tree-sitter's HCL grammar (web-tree-sitter, WebAssembly), which starts in tens
// of milliseconds. The syntax tree is turned into the shape HashiCorp's hcl2json gives, which is what the
// Terraform collector reads: a body's attributes by name, its blocks by type and then by each label, every
// block a list of bodies; literal values as JSON; any other expression as "${...}" around its source.
// Every object made here has no prototype, so a key such as __proto__ is only a key.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import type { Node, Parser } from 'web-tree-sitter';
import { lineAt } from './parse.js';
import { stopwatch } from '../time/stopwatch.js';

/** Text that is not HCL, with the 1-based line of the first problem. */
export class HclError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Deeper than any real configuration; deeper input is refused rather than walked. */
export const MAX_HCL_DEPTH = 64;

/**
 * The longest one file may keep the parser busy. A real file parses at about 0.3 ms a kilobyte here (a
 * file at the 1 MiB cap in under 400 ms), but tree-sitter's error recovery can take far longer on text
 * made to provoke it, and the parse holds the thread: past this the file is reported unreadable.
 */
export const HCL_PARSE_BUDGET_MS = 2_000;

export type HclBody = Record<string, unknown>;

let parser: Promise<Parser> | undefined;

/**
 * For a process that checks once and exits (the CLI, the Action). V8 recompiles the parser's hottest
 * WebAssembly functions with its optimising compiler in the background, and the process waits for that
 * at exit: longer than the whole parse took. Baseline code reads configuration files fast enough.
 * Affects WebAssembly compiled after the call; an engine that refuses the flag compiles as usual.
 */
export function baselineWasmOnly(): void {
  try {
    setFlagsFromString('--liftoff-only');
  } catch {
    // Nothing to undo: the flag was not taken.
  }
}

/** Starts loading the parser without waiting for it, so it is ready when the first file arrives. */
export function prepareHcl(): void {
  if (parser) return;
  parser = start();
  // A failure to start is reported by parseHcl, to the file that needed the parser.
  parser.catch(() => undefined);
}

/** The file's top-level body; rejects with an HclError naming the line of the first problem. */
export async function parseHcl(text: string, budgetMs: number = HCL_PARSE_BUDGET_MS): Promise<HclBody> {
  prepareHcl();
  const ready = await parser!;
  const elapsed = stopwatch();
  let reached = 0;
  // Returning true cancels the parse (tree-sitter asks every hundred or so steps).
  const progressCallback = (state: { currentOffset: number }): boolean => {
    reached = state.currentOffset;
    return elapsed() > budgetMs;
  };
  const tree = ready.parse(text, null, { progressCallback } as Parameters<Parser['parse']>[2]);
  if (!tree) {
    ready.reset();
    // The offset is in bytes of UTF-16 text: two per character.
    const line = lineAt(text, Math.floor(reached / 2));
    throw new HclError(`took more than ${budgetMs / 1000} s to read (it stopped near line ${line}); it is left out`, line);
  }
  try {
    const root = tree.rootNode;
    if (root.hasError) throw problemAt(root);
    const top = children(root)[0];
    if (!top) return record();
    // The grammar also takes a JSON-style object; Terraform does not, in a .tf file.
    if (top.type !== 'body') throw new HclError('expected an argument or a block, not an object', lineOf(top));
    return new Reader(text).body(top, 1);
  } finally {
    tree.delete();
  }
}

async function start(): Promise<Parser> {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init({ wasmBinary: wasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm') });
  const language = await Language.load(wasm('tree-sitter-terraform.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
  const created = new Parser();
  created.setLanguage(language);
  return created;
}

/** A WebAssembly file: beside this module in the Action's bundle (dist/), else from its package. */
function wasm(name: string, packaged: string): Uint8Array {
  const beside = new URL(`./${name}`, import.meta.url);
  const path = beside.protocol === 'file:' && existsSync(fileURLToPath(beside)) ? fileURLToPath(beside) : createRequire(import.meta.url).resolve(packaged);
  return new Uint8Array(readFileSync(path));
}

function record(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** Named children without comments (tree-sitter places comments anywhere). */
function children(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}

const lineOf = (node: Node): number => node.startPosition.row + 1;

function deeper(node: Node, depth: number): number {
  if (depth > MAX_HCL_DEPTH) throw new HclError(`nested more than ${MAX_HCL_DEPTH} levels`, lineOf(node));
  return depth + 1;
}

/** How a missing token is named in a message. */
const TOKENS: Record<string, string> = {
  block_end: '"}"',
  object_end: '"}"',
  tuple_end: '"]"',
  '}': '"}"',
  ']': '"]"',
  ')': '")"',
  '=': '"="',
  quoted_template_end: 'a closing quote',
  template_interpolation_end: '"}"',
  heredoc_identifier: "the heredoc's closing marker",
};
/** What a closing token's parent is called, to point at the line that opened it. */
const OPENERS: Record<string, string> = { block: 'block', object: 'object', tuple: 'list', string_lit: 'string', quoted_template: 'string', template_interpolation: '"${"', heredoc_template: 'heredoc', function_call: 'call' };

/** The first error or missing token, found without recursion (the tree can be as deep as the input). */
function problemAt(root: Node): HclError {
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isMissing) {
        const token = TOKENS[node.type] ?? 'a value';
        // A missing "}" sits inside the block_end it stands for: the block is that one's parent.
        let parent = node.parent;
        while (parent && TOKENS[parent.type]) parent = parent.parent;
        const opener = parent && parent.startPosition.row < node.startPosition.row ? OPENERS[parent.type] : undefined;
        if (parent && opener) return new HclError(`the ${opener} opened on line ${lineOf(parent)} is not closed: ${token} is missing`, lineOf(parent));
        return new HclError(`${token} is missing`, lineOf(node));
      }
      if (node.isError) {
        const text = node.text.trim().split('\n')[0] ?? '';
        return new HclError(text ? `unexpected ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text)}` : 'unexpected end of file', lineOf(node));
      }
      // Go into a subtree only when it holds the problem; else on to the next sibling or an ancestor's.
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return new HclError('not valid HCL', lineOf(root));
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Turns a syntax tree into values; holds the source text, which literal spans are sliced from. */
class Reader {
  constructor(private readonly source: string) {}

  body(body: Node, depth: number): HclBody {
    const next = deeper(body, depth);
    const out = record();
    const attributes = new Map<string, number>();
    for (const item of children(body)) {
      const [name, ...rest] = children(item);
      if (!name) continue;
      if (item.type === 'attribute') {
        const first = attributes.get(name.text);
        if (first !== undefined) throw new HclError(`the attribute "${name.text}" is set twice (first on line ${first})`, lineOf(item));
        attributes.set(name.text, lineOf(item));
        out[name.text] = rest[0] ? this.expression(rest[0], next) : null;
      } else if (item.type === 'block') {
        const labels = rest.filter((n) => n.type === 'string_lit' || n.type === 'identifier').map((n) => (n.type === 'identifier' ? n.text : this.template(n)));
        const inner = rest.find((n) => n.type === 'body');
        addBlock(out, [name.text, ...labels], inner ? this.body(inner, next) : record(), item);
      }
    }
    return out;
  }

  /** An expression's value: literals as JSON, anything else as "${source}". */
  expression(node: Node, depth: number): unknown {
    const next = deeper(node, depth);
    const parts = children(node);
    const only = parts.length === 1 ? parts[0]! : undefined;
    if (only?.type === 'literal_value') return this.literal(children(only)[0]!);
    if (only?.type === 'collection_value') {
      const collection = children(only)[0]!;
      return collection.type === 'tuple' ? children(collection).filter((n) => n.type === 'expression').map((n) => this.expression(n, next)) : this.object(collection, next);
    }
    if (only?.type === 'template_expr') return this.template(children(only)[0]!);
    // A negative number is an operation in the grammar, and a number to everyone else.
    const negated = only?.type === 'operation' ? /^-\s*(\d[\d.eE+-]*)$/.exec(only.text)?.[1] : undefined;
    if (negated !== undefined && Number.isFinite(Number(negated))) return -Number(negated);
    return `\${${node.text}}`;
  }

  literal(literal: Node): unknown {
    switch (literal.type) {
      case 'numeric_lit':
        return Number(literal.text);
      case 'bool_lit':
        return literal.text === 'true';
      case 'null_lit':
        return null;
      default:
        return this.template(literal);
    }
  }

  object(object: Node, depth: number): Record<string, unknown> {
    const next = deeper(object, depth);
    const out = record();
    for (const element of children(object)) {
      if (element.type !== 'object_elem') continue;
      const key = element.childForFieldName('key');
      const value = element.childForFieldName('val');
      if (!key || !value) continue;
      out[this.key(key)] = this.expression(value, next);
    }
    return out;
  }

  /** An object key: a bare name stands for itself, as a string does. */
  key(key: Node): string {
    const parts = children(key);
    if (parts.length === 1 && parts[0]!.type === 'variable_expr') return parts[0]!.text;
    const value = this.expression(key, 0);
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /**
   * A quoted string or template: the text between the quotes, escapes resolved, with each interpolation
   * or directive as written. Sliced from the source, because the grammar's literal pieces leave out the
   * spaces next to an interpolation.
   */
  template(template: Node): string {
    if (template.type === 'heredoc_template') return this.heredoc(template);
    const parts = children(template);
    const open = parts.find((n) => n.type === 'quoted_template_start');
    const close = parts.findLast((n) => n.type === 'quoted_template_end');
    if (!open || !close) return '';
    let text = '';
    let at = open.endIndex;
    for (const part of parts) {
      if (part.type !== 'template_interpolation' && part.type !== 'template_directive') continue;
      text += unescape(this.source.slice(at, part.startIndex)) + part.text;
      at = part.endIndex;
    }
    return text + unescape(this.source.slice(at, close.startIndex));
  }

  /** A heredoc's lines as written (no escapes apply); `<<-` removes the indentation its lines share. */
  heredoc(template: Node): string {
    const parts = children(template);
    const marks = parts.filter((n) => n.type === 'heredoc_identifier');
    if (marks.length < 2) return '';
    const lines = this.source.slice(marks[0]!.endIndex, marks[marks.length - 1]!.startIndex).replace(/^\r?\n/, '').split('\n');
    // The closing marker's own indentation is not part of the text.
    lines[lines.length - 1] = lines[lines.length - 1]!.replace(/^[ \t]+$/, '');
    if (parts[0]?.type === 'heredoc_start' && parts[0].text === '<<-') {
      const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length));
      if (Number.isFinite(indent)) return lines.map((l) => l.slice(indent)).join('\n');
    }
    return lines.join('\n');
  }
}

/** Files a block under its type and labels: { type: { label: [body, ...] } }. */
function addBlock(out: HclBody, keys: string[], body: HclBody, node: Node): void {
  let holder = out;
  for (const key of keys.slice(0, -1)) {
    const existing = holder[key] ?? (holder[key] = record());
    if (Array.isArray(existing) || typeof existing !== 'object' || existing === null) throw conflict(keys, node);
    holder = existing as HclBody;
  }
  const last = keys[keys.length - 1]!;
  const list = holder[last] ?? (holder[last] = []);
  if (!Array.isArray(list)) throw conflict(keys, node);
  list.push(body);
}

function conflict(keys: string[], node: Node): HclError {
  return new HclError(`the block ${keys.map((k) => JSON.stringify(k)).join(' ')} clashes with an attribute or a block with other labels`, lineOf(node));
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** HCL's quoted-string escapes; `$${` and `%%{` stay as written, as hcl2json keeps them. */
function unescape(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))/g, (whole, u4: string | undefined, u8: string | undefined, one: string | undefined) => {
    const code = u4 ?? u8;
    if (code) {
      const point = parseInt(code, 16);
      return point <= 0x10ffff ? String.fromCodePoint(point) : whole;
    }
    return ESCAPES[one!] ?? whole;
  });
}
