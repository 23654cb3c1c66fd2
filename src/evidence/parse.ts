// Each file format through its own parser, with a line for every value found: from the parser's
// positions where it keeps them (YAML, XML), else by finding the parsed key in the text (JSON, TOML, HCL).
// Each parser is loaded the first time a file of its format is read: a repository with no XML never
// pays for the XML parser, and a check without evidence pays for none.
import type { Node } from 'yaml';
import type * as Yaml from 'yaml';
import type * as Toml from 'smol-toml';
import type * as Xml from '@xmldom/xmldom';
import type { RepositoryFile } from './types.js';

let yamlModule: Promise<typeof Yaml> | undefined;
/** The `yaml` package, loaded on first use. */
export function yamlLibrary(): Promise<typeof Yaml> {
  return (yamlModule ??= commonJs(import('yaml')));
}

/**
 * A CommonJS package loaded with import(): its exports object is `default` (Node also copies the names it
 * can detect to the top, a bundle split into chunks does not).
 */
async function commonJs<T extends object>(loading: Promise<T>): Promise<T> {
  const loaded = (await loading) as T & { default?: T };
  return loaded.default ?? loaded;
}
let tomlModule: Promise<typeof Toml> | undefined;
let xmlModule: Promise<typeof Xml> | undefined;

/** A file a collector could not parse: the runner turns it into an 'unreadable' note with the line. */
export class UnreadableFile extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The line of the first occurrence of `needle` at or after `from` (else the first line). */
export function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  return at === -1 ? 1 : lineAt(text, at);
}

/** A YAML node with the line it starts on, walked without building plain objects first. */
export interface YamlValue {
  value: unknown;
  line: number;
  node: Node | null;
}

export interface YamlFile {
  data: unknown;
  /** Every `key: scalar` pair in the document, in order, with the line of the value. */
  pairs: Array<{ key: string; value: unknown; line: number; parents: string[] }>;
}

export async function parseYamlFile(file: RepositoryFile): Promise<YamlFile> {
  const { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair } = await yamlLibrary();
  const counter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: counter, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) throw new UnreadableFile(file.path, `not valid YAML: ${error.message.split('\n')[0]}`, error.linePos?.[0]?.line);
  const pairs: YamlFile['pairs'] = [];
  const visit = (node: unknown, parents: string[], depth: number): void => {
    if (depth > 64) return;
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : '';
        if (isScalar(item.value)) {
          const offset = item.value.range?.[0] ?? 0;
          pairs.push({ key, value: item.value.value, line: counter.linePos(offset).line, parents });
        } else visit(item.value, [...parents, key], depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (isScalar(item)) pairs.push({ key: '', value: item.value, line: counter.linePos(item.range?.[0] ?? 0).line, parents });
        else visit(item, parents, depth + 1);
      }
    }
  };
  visit(doc.contents, [], 0);
  return { data: doc.toJS({ maxAliasCount: 100 }) as unknown, pairs };
}

export function parseJsonFile(file: RepositoryFile): unknown {
  try {
    return JSON.parse(file.text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const lineMatch = /line (\d+)/.exec(message);
    const line = lineMatch ? Number(lineMatch[1]) : position ? lineAt(file.text, Number(position[1])) : undefined;
    throw new UnreadableFile(file.path, `not valid JSON: ${message}`, line);
  }
}

export async function parseTomlFile(file: RepositoryFile): Promise<Record<string, unknown>> {
  const { parse: parseToml } = await (tomlModule ??= import('smol-toml'));
  try {
    return parseToml(file.text) as Record<string, unknown>;
  } catch (error) {
    const line = (error as { line?: number }).line;
    throw new UnreadableFile(file.path, `not valid TOML: ${(error as Error).message.split('\n')[0]}`, line);
  }
}

/** XML with line numbers on every element; a document with errors is refused rather than half-read. */
export async function parseXmlFile(file: RepositoryFile): Promise<Document> {
  const { DOMParser } = await (xmlModule ??= commonJs(import('@xmldom/xmldom')));
  let problem: { message: string; line?: number } | undefined;
  const parser = new DOMParser({
    onError: (level, message, context) => {
      if (level === 'warning' || problem) return;
      const line = (context as { locator?: { lineNumber?: number } } | undefined)?.locator?.lineNumber;
      problem = { message: String(message).split('\n')[0] ?? 'malformed', line };
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(file.text, 'text/xml') as unknown as Document;
  } catch (error) {
    const line = problem?.line ?? Number(/line:(\d+)/.exec((error as Error).message)?.[1] ?? NaN);
    throw new UnreadableFile(file.path, `not valid XML: ${problem?.message ?? (error as Error).message.split('\n')[0]}`, Number.isFinite(line) ? line : undefined);
  }
  if (problem) throw new UnreadableFile(file.path, `not valid XML: ${problem.message}`, problem.line);
  return doc;
}

/** The line an xmldom node was read from. */
export function xmlLine(node: unknown): number {
  return (node as { lineNumber?: number }).lineNumber ?? 1;
}
