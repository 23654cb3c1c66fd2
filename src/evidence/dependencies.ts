// The packages a repository depends on, from each ecosystem's manifest or lockfile, with the line
// that names each one. Frameworks and client libraries are both read from this one list.
import type { RepositoryFile } from './types.js';
import { lineOf, parseJsonFile, parseTomlFile, parseXmlFile, UnreadableFile, xmlLine } from './parse.js';

export type Ecosystem = 'rubygems' | 'npm' | 'nuget' | 'pypi';

export interface Dependency {
  ecosystem: Ecosystem;
  name: string;
  /** The exact version where a lockfile pins it, else the lowest version the range allows. */
  version?: string;
  line: number;
  /** From a lockfile (resolved) rather than a manifest (a range). */
  locked: boolean;
}

/** Globs of every file dependencies() reads. */
export const DEPENDENCY_FILES = [
  'Gemfile.lock',
  'package.json',
  'package-lock.json',
  '**/*.csproj',
  'Directory.Packages.props',
  'requirements*.txt',
  'pyproject.toml',
  'poetry.lock',
  'Pipfile.lock',
];

export async function dependencies(file: RepositoryFile): Promise<Dependency[]> {
  const name = file.path.split('/').pop() ?? file.path;
  if (name === 'Gemfile.lock') return gemfileLock(file);
  if (name === 'package.json') return packageJson(file);
  if (name === 'package-lock.json') return packageLock(file);
  if (name.endsWith('.csproj') || name === 'Directory.Packages.props') return msbuild(file);
  if (/^requirements.*\.txt$/.test(name)) return requirements(file);
  if (name === 'pyproject.toml') return pyproject(file);
  if (name === 'poetry.lock') return poetryLock(file);
  if (name === 'Pipfile.lock') return pipfileLock(file);
  return [];
}

/** "^4.19.2", ">= 7.1", "~> 7.1.3", "==4.2" -> the version written; a union or wildcard gives none. */
export function lowestVersion(range: string): string | undefined {
  const trimmed = range.trim();
  if (/\|\||,|\s-\s/.test(trimmed)) return undefined;
  const match = /^(?:[~^]|[<>]=?|==|===|~=|~>|=)?\s*v?(\d+(?:\.(?:\d+|x|\*))*)/.exec(trimmed);
  if (!match) return undefined;
  return match[1]!.replace(/(\.(x|\*))+$/, '');
}

/**
 * Bundler's lockfile: sections at column 0, a `specs:` list whose direct entries are indented four
 * spaces as `name (version)`; no package ships a parser for it, and its layout is fixed by Bundler.
 */
function gemfileLock(file: RepositoryFile): Dependency[] {
  const out: Dependency[] = [];
  const lines = file.text.split('\n');
  let section = '';
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    if (/^\S/.test(line)) section = line.trim();
    if (section !== 'GEM' && section !== 'GIT' && section !== 'PATH') continue;
    const spec = /^ {4}([A-Za-z0-9_.-]+) \(([^)]+)\)$/.exec(line);
    if (spec) out.push({ ecosystem: 'rubygems', name: spec[1]!, version: spec[2]!.replace(/-.*$/, ''), line: i + 1, locked: true });
  }
  return out;
}

/** The Ruby version Bundler recorded (`RUBY VERSION` section), if any. */
export function lockedRubyVersion(file: RepositoryFile): { version: string; line: number } | undefined {
  const lines = file.text.split('\n');
  const start = lines.findIndex((l) => l.replace(/\r$/, '') === 'RUBY VERSION');
  if (start === -1) return undefined;
  const match = /^\s+ruby (\d+(?:\.\d+)*)/.exec(lines[start + 1] ?? '');
  return match ? { version: match[1]!, line: start + 2 } : undefined;
}

function packageJson(file: RepositoryFile): Dependency[] {
  const data = parseJsonFile(file) as Record<string, unknown>;
  if (data === null || typeof data !== 'object') throw new UnreadableFile(file.path, 'package.json is not a JSON object', 1);
  const out: Dependency[] = [];
  for (const field of ['dependencies', 'devDependencies']) {
    const deps = data[field];
    if (deps === null || typeof deps !== 'object') continue;
    for (const [name, range] of Object.entries(deps as Record<string, unknown>)) {
      const version = typeof range === 'string' ? lowestVersion(range) : undefined;
      out.push({ ecosystem: 'npm', name, ...(version ? { version } : {}), line: lineOf(file.text, `"${name}"`), locked: false });
    }
  }
  return out;
}

function packageLock(file: RepositoryFile): Dependency[] {
  const data = parseJsonFile(file) as { packages?: Record<string, { version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>; dependencies?: Record<string, { version?: string }> };
  const out: Dependency[] = [];
  if (data?.packages && typeof data.packages === 'object') {
    const root = data.packages[''] ?? {};
    const direct = new Set([...Object.keys(root.dependencies ?? {}), ...Object.keys(root.devDependencies ?? {})]);
    for (const name of direct) {
      const entry = data.packages[`node_modules/${name}`];
      if (typeof entry?.version !== 'string') continue;
      out.push({ ecosystem: 'npm', name, version: entry.version, line: lineOf(file.text, `"node_modules/${name}"`), locked: true });
    }
  } else if (data?.dependencies && typeof data.dependencies === 'object') {
    for (const [name, entry] of Object.entries(data.dependencies)) {
      if (typeof entry?.version === 'string') out.push({ ecosystem: 'npm', name, version: entry.version, line: lineOf(file.text, `"${name}"`), locked: true });
    }
  }
  return out;
}

async function msbuild(file: RepositoryFile): Promise<Dependency[]> {
  const doc = await parseXmlFile(file);
  const out: Dependency[] = [];
  for (const tag of ['PackageReference', 'PackageVersion']) {
    const nodes = doc.getElementsByTagName(tag);
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const name = node.getAttribute('Include') ?? node.getAttribute('Update');
      if (!name) continue;
      const version = node.getAttribute('Version') ?? node.getElementsByTagName('Version')[0]?.textContent ?? undefined;
      const exact = version ? lowestVersion(version.replace(/^\[/, '')) : undefined;
      out.push({ ecosystem: 'nuget', name, ...(exact ? { version: exact } : {}), line: xmlLine(node), locked: Boolean(version && /^\[?\d/.test(version)) });
    }
  }
  return out;
}

/** pip's requirements format: one requirement per line, `#` comments, `-r`/`-e` options. */
function requirements(file: RepositoryFile): Dependency[] {
  const out: Dependency[] = [];
  for (const [i, raw] of file.text.split('\n').entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line || line.startsWith('-')) continue;
    const dep = pep508(line, i + 1);
    if (dep) out.push({ ...dep, locked: /==/.test(line) });
  }
  return out;
}

function pep508(spec: string, line: number): Omit<Dependency, 'locked'> | undefined {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)/.exec(spec);
  if (!match) return undefined;
  const version = match[2] ? lowestVersion(match[2]) : undefined;
  return { ecosystem: 'pypi', name: match[1]!.toLowerCase(), ...(version ? { version } : {}), line };
}

async function pyproject(file: RepositoryFile): Promise<Dependency[]> {
  const data = (await parseTomlFile(file)) as { project?: { dependencies?: unknown }; tool?: { poetry?: { dependencies?: Record<string, unknown> } } };
  const out: Dependency[] = [];
  const listed = data.project?.dependencies;
  if (Array.isArray(listed)) {
    for (const spec of listed) {
      if (typeof spec !== 'string') continue;
      const dep = pep508(spec, lineOf(file.text, spec));
      if (dep) out.push({ ...dep, locked: false });
    }
  }
  for (const [name, value] of Object.entries(data.tool?.poetry?.dependencies ?? {})) {
    if (name === 'python') continue;
    const range = typeof value === 'string' ? value : typeof (value as { version?: unknown })?.version === 'string' ? (value as { version: string }).version : undefined;
    const version = range ? lowestVersion(range) : undefined;
    out.push({ ecosystem: 'pypi', name: name.toLowerCase(), ...(version ? { version } : {}), line: lineOf(file.text, `${name} =`), locked: false });
  }
  return out;
}

async function poetryLock(file: RepositoryFile): Promise<Dependency[]> {
  const data = (await parseTomlFile(file)) as { package?: Array<{ name?: unknown; version?: unknown }> };
  return (data.package ?? []).flatMap((p) =>
    typeof p.name === 'string' && typeof p.version === 'string'
      ? [{ ecosystem: 'pypi' as const, name: p.name.toLowerCase(), version: p.version, line: lineOf(file.text, `name = "${p.name}"`), locked: true }]
      : [],
  );
}

function pipfileLock(file: RepositoryFile): Dependency[] {
  const data = parseJsonFile(file) as { default?: Record<string, { version?: unknown }> };
  return Object.entries(data?.default ?? {}).flatMap(([name, entry]) =>
    typeof entry?.version === 'string' ? [{ ecosystem: 'pypi' as const, name: name.toLowerCase(), version: entry.version.replace(/^==/, ''), line: lineOf(file.text, `"${name}"`), locked: true }] : [],
  );
}
