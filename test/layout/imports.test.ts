// The import graph of every TypeScript source (type-only imports included) has no circle.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';

const FOLDERS = ['src', 'cli', 'github', 'app', 'action', 'sim', 'scripts', 'test'];

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** file -> the files it imports (relative specifiers only; packages cannot import back). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of FOLDERS.flatMap((f) => sources(join(root, f)))) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolve(dirname(file), name.replace(/\.js$/, '.ts')))
      .filter((path) => existsSync(path));
    graph.set(file, targets);
  }
  return graph;
}

/** Every circle found by a depth-first walk, each written as the chain of files that closes it. */
export function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

/** The room a file lives in: its top-level folder, and within github/ its subfolder (files at github/'s top stand alone). */
function room(file: string): string {
  const parts = relative(root, file).split(/[\\/]/);
  if (parts[0] === 'github') return parts.length > 2 ? `github/${parts[1]}` : parts.join('/');
  return parts[0] ?? file;
}

function roomGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const rooms = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = room(file);
    const set = rooms.get(from) ?? new Set<string>();
    for (const target of targets) if (room(target) !== from) set.add(room(target));
    rooms.set(from, set);
  }
  return new Map([...rooms].map(([k, v]) => [k, [...v]]));
}

describe('the import graph', () => {
  it('finds a circle when there is one', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
    expect(cycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('reads type-only imports too', () => {
    const info = ts.preProcessFile("import type { A } from './a.js';\nexport { B } from './b.js';\n", true, true);
    expect(info.importedFiles.map((i) => i.fileName)).toEqual(['./a.js', './b.js']);
  });

  it('has no circle among the sources', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    const found = cycles(graph).map((chain) => chain.map((f) => relative(root, f)).join(' -> '));
    expect(found).toEqual([]);
  });

  it('has no loop between folders (nor between the rooms of github/)', () => {
    expect(cycles(roomGraph(importGraph())).map((chain) => chain.join(' -> '))).toEqual([]);
  });

  it('keeps the local GitHub (sim/) free of assure: it imports nothing from app/, action/ or github/', () => {
    const graph = importGraph();
    const reached = [...graph].filter(([file]) => room(file) === 'sim').flatMap(([file, targets]) => targets.filter((t) => /^(app|action|github)/.test(room(t))).map((t) => `${relative(root, file)} -> ${relative(root, t)}`));
    expect(reached).toEqual([]);
  });
});
