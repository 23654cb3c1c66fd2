// Collectors an organisation writes as data: a file glob, a JSONPath, XPath or regular expression,
// and the manifest path a match is recorded at. They live in a collectors/ folder beside its artefacts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ValidateFunction } from 'ajv';
import xpath from 'xpath';
import type { InputProblem } from '../types.js';
import { decodeUtf8, type SourceFile } from '../source.js';
import { parseYaml } from '../yaml/parse.js';
import { describeError, errorSegments } from '../schema/ajv.js';
import { schemaValidator } from '../schema/precompiled.js';
import { compilePath, formatPath, type CompiledPath } from '../paths/jsonpath.js';
import type { Collector } from './collector.js';
import { parseXmlFile, parseYamlFile, xmlLine } from './parse.js';
import { compileSafeRegex, MAX_REGEX_LINE } from './safe-regex.js';
import type { Fact, RepositoryFile } from './types.js';
import { compareText } from '../compare.js';

interface Definition {
  kind: 'collector';
  id: string;
  description?: string;
  files: string | string[];
  jsonpath?: string;
  xpath?: string;
  regex?: string;
  path: string;
  value?: string | number | boolean;
  hint?: string;
}


function validate(data: unknown): ValidateFunction {
  const validator = schemaValidator('collector');
  validator(data);
  return validator;
}

/** The folder, inside a policies folder, that holds its collectors. */
export const COLLECTORS_FOLDER = 'collectors';

/** Reads `DIR/collectors/**.yml` when there is such a folder (none is not an error). */
export function readCollectorDir(policiesDir: string, base: string = process.cwd()): SourceFile[] {
  const dir = join(policiesDir, COLLECTORS_FOLDER);
  try {
    if (!statSync(dir).isDirectory()) return [];
  } catch {
    return [];
  }
  const out: SourceFile[] = [];
  const visit = (folder: string, depth: number): void => {
    if (depth > 8) return;
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) visit(full, depth + 1);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) out.push({ path: relative(base, full) || full, text: decodeUtf8(readFileSync(full)) ?? '\u0000' });
    }
  };
  visit(dir, 0);
  return out;
}

export function loadCollectors(files: readonly SourceFile[]): { collectors: Collector[]; problems: InputProblem[] } {
  const collectors: Collector[] = [];
  const problems: InputProblem[] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    const outcome = parseYaml(file);
    if (!outcome.ok) {
      problems.push(outcome.problem);
      continue;
    }
    const { data, locate } = outcome.parsed;
    const problem = (message: string, segments: Array<string | number> = []) => {
      const where = locate(segments);
      problems.push({ file: file.path, line: where?.line ?? 1, ...(where ? { column: where.column } : {}), message, level: 'error' });
    };
    const check = validate(data);
    if (check.errors && check.errors.length > 0) {
      for (const error of check.errors) {
        const segments = errorSegments(error);
        problem(`${formatPath(segments)}: ${describeError(error)}`, segments);
      }
      continue;
    }
    const definition = data as Definition;
    if (ids.has(definition.id)) {
      problem(`collector id ${definition.id} is already used by ${ids.get(definition.id)}`, ['id']);
      continue;
    }
    try {
      collectors.push(compile(definition));
      ids.set(definition.id, file.path);
    } catch (error) {
      const field = definition.jsonpath ? 'jsonpath' : definition.xpath ? 'xpath' : 'regex';
      problem(`${field}: ${(error as Error).message}`, [field]);
    }
  }
  return { collectors, problems };
}

function compile(definition: Definition): Collector {
  const target = definition.path.replace(/^\$\./, '').split('.');
  const hint = definition.hint ?? `a file matching ${[definition.files].flat().join(' or ')}`;
  const fact = (file: RepositoryFile, line: number, matched: unknown): Fact => ({
    path: target,
    value: definition.value ?? matched,
    evidence: { file: file.path, line, collector: definition.id, ...(definition.value !== undefined ? { detail: `matched ${String(matched).slice(0, 80)}` } : {}) },
  });
  let read: (file: RepositoryFile) => Fact[] | Promise<Fact[]>;
  if (definition.jsonpath) {
    const path = compilePath(definition.jsonpath);
    read = (file) => jsonMatches(file, path).map((m) => fact(file, m.line, m.value));
  } else if (definition.xpath) {
    const expression = definition.xpath;
    // A typo in the expression is found now, at load, rather than on the first matching file.
    // xpath's parse() (untyped in its declarations) reads the expression without a document.
    (xpath as unknown as { parse(expression: string): unknown }).parse(expression);
    read = async (file) => {
      const doc = await parseXmlFile(file);
      const nodes = xpath.select(expression, doc as unknown as globalThis.Node);
      const list = Array.isArray(nodes) ? nodes : [nodes];
      return list.flatMap((node) => {
        if (node === null || node === undefined) return [];
        if (typeof node !== 'object') return [fact(file, 1, node)];
        const n = node as { nodeValue?: string | null; textContent?: string | null; ownerElement?: unknown };
        const value = n.nodeValue ?? n.textContent ?? '';
        return [fact(file, xmlLine(n.ownerElement ?? node), value.trim())];
      });
    };
  } else {
    const regex = compileSafeRegex(definition.regex ?? '');
    read = (file) =>
      file.text.split('\n').flatMap((line, i) => {
        if (line.length > MAX_REGEX_LINE) return [];
        const match = regex.exec(line);
        return match ? [fact(file, i + 1, match[1] ?? match[0])] : [];
      });
  }
  return {
    name: definition.id,
    files: [definition.files].flat(),
    hints: { [`$.${target.join('.')}`]: hint },
    collect: read,
  };
}

/** JSON and YAML alike (JSON is YAML): matched values with the line each sits on. */
function jsonMatches(file: RepositoryFile, path: CompiledPath): Array<{ value: unknown; line: number }> {
  const { data, locate } = parseYamlFile(file, 'JSON or YAML');
  return path.evaluate(data).map((m) => ({ value: m.value, line: locate(m.segments)?.line ?? 1 }));
}
