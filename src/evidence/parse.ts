// Each file format through its own parser, with a line for every value found: from the parser's
// positions where it keeps them (YAML, XML), else by finding the parsed key in the text (JSON, TOML, HCL).
// YAML is read by the parser manifests are read with; the others are loaded the first time a file of
// their format is read, so a repository with no XML never pays for the XML parser.
import type * as Toml from 'smol-toml';
import type * as Xml from '@xmldom/xmldom';
import type { RepositoryFile } from './types.js';
import type { Locator } from '../source.js';
import type { Segment } from '../paths/jsonpath.js';
import { MAX_YAML_BYTES, parseYaml } from '../yaml/parse.js';

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

export interface YamlFile {
  data: unknown;
  /** Every `key: value` pair in the document whose value is written (not null), in order, with the line of the value. */
  pairs: Array<{ key: string; value: unknown; line: number; parents: string[] }>;
  /** The line each value was written on. */
  locate: Locator;
}

/**
 * A repository's YAML (or JSON, which is YAML) read by the parser manifests are read with, its limits
 * included; a key written twice takes its last value, as the file's own tools would.
 */
export function parseYamlFile(file: RepositoryFile, what = 'YAML'): YamlFile {
  if (file.text.trim() === '') return { data: null, pairs: [], locate: () => undefined };
  const outcome = parseYaml({ path: file.path, text: file.text }, MAX_YAML_BYTES, { lastKeyWins: true });
  if (!outcome.ok) throw new UnreadableFile(file.path, `not valid ${what}: ${outcome.problem.message.replace(/^invalid YAML: /, '')}`, outcome.problem.line);
  const { data, locate } = outcome.parsed;
  const pairs: YamlFile['pairs'] = [];
  const lineOfValue = (segments: Segment[]): number => locate(segments)?.line ?? 1;
  const visit = (node: unknown, segments: Segment[], parents: string[]): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        if (item !== null && typeof item === 'object') visit(item, [...segments, i], parents);
        else if (item !== null) pairs.push({ key: '', value: item, line: lineOfValue([...segments, i]), parents });
      });
      return;
    }
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (value !== null && typeof value === 'object') visit(value, [...segments, key], [...parents, key]);
      else if (value !== null) pairs.push({ key, value, line: lineOfValue([...segments, key]), parents });
    }
  };
  visit(data, [], []);
  return { data, pairs, locate };
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
