// Where `.github/assure.yml` comes from. Always a default branch: the repository's own file, else the
// owner's `.github` repository, then any `_extends` chain; the more specific file's keys win and lists
// are replaced, not concatenated (a repository that sets `reminders: [14]` means exactly that).
import type { InputProblem, SourceLocation } from '../../src/types.js';
import type { Locator } from '../../src/source.js';
import type { Segment } from '../../src/paths/jsonpath.js';
import { parseYaml } from '../../src/yaml/parse.js';
import type { GitHub } from '../client.js';
import { fullName, sameRepo, type RepoRef } from '../repo.js';
import { readRepoFile } from './contents.js';
import { ConfigError } from './errors.js';
import { CONFIG_FILE } from './types.js';
import { combine, type ConfigLayer } from './trust.js';

export interface ConfigRead {
  /** The merged configuration; undefined when no file was found anywhere. */
  data: Record<string, unknown> | undefined;
  /** The files it was built from, most specific first (`.github/assure.yml` for the repository's own). */
  files: string[];
  /** Where a key is written, when the reader kept positions. */
  locate?: (segments: readonly Segment[]) => SourceLocation | undefined;
  /** Keys of the repository's own file that would loosen the organisation's configuration, not applied. */
  ignored?: InputProblem[];
  /** The organisation's configuration and the repository's own, as read, before they were combined. */
  layers?: { org?: ConfigLayer; own?: ConfigLayer };
}

/** Reads the configuration that applies to a repository; throws ConfigError when a file cannot be read as configuration. */
export type ConfigReader = (repo: RepoRef) => Promise<ConfigRead>;

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_EXTENDS = 5;
// The same `_extends` forms Probot accepts: repo, owner/repo, and either with `:path.yml`.
const EXTENDS = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Later configurations win; mappings merge key by key, everything else (lists too) is replaced. */
export function mergeConfigs(configs: readonly unknown[]): Record<string, unknown> {
  const merge = (base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
      if (FORBIDDEN.has(key)) continue;
      const current = out[key];
      out[key] = isObject(current) && isObject(value) ? merge(current, value) : value;
    }
    return out;
  };
  return configs.filter(isObject).reduce<Record<string, unknown>>((acc, c) => merge(acc, c), {});
}

/** The repository's own file by its path alone; any other as `owner/repo:path`. */
function fileName(target: RepoRef, path: string, home: RepoRef, homePath: string): string {
  return sameRepo(target, home) && path === homePath ? homePath : `${fullName(target)}:${path}`;
}

function has(data: unknown, segments: readonly Segment[]): boolean {
  let node = data;
  for (const s of segments) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, s)) return false;
    node = (node as Record<string | number, unknown>)[s];
  }
  return true;
}

export interface ReadFile {
  name: string;
  data: Record<string, unknown>;
  locate: Locator;
}

/** One configuration file's text as data with positions; throws ConfigError when it is not a YAML mapping. */
export function parseConfigFile(name: string, text: string): ReadFile {
  if (text.trim() === '') return { name, data: {}, locate: () => undefined };
  const outcome = parseYaml({ path: name, text });
  if (!outcome.ok) throw new ConfigError([{ ...outcome.problem, message: outcome.problem.message.replace(/^is empty.*/, 'is empty') }]);
  const { data, locate } = outcome.parsed;
  if (data === null || data === undefined) return { name, data: {}, locate };
  if (!isObject(data)) throw new ConfigError([{ file: name, line: 1, column: 1, level: 'error', message: 'must be a YAML mapping (key: value pairs)' }]);
  return { name, data, locate };
}

/**
 * The contents API reader (the App, the Action and the CLI): the default branch of each repository
 * involved. `path` is the repository's own file: at the usual `.github/assure.yml` a missing file falls
 * back to the owner's `.github` repository and then to no configuration; at any other path (the
 * Action's `config` input) a missing file is an error.
 */
export function contentsConfigReader(gh: GitHub, path: string = CONFIG_FILE): ConfigReader {
  const readOne = async (target: RepoRef, file: string, home: RepoRef): Promise<ReadFile | undefined> => {
    const text = await readRepoFile(gh, target, file);
    return text === undefined ? undefined : parseConfigFile(fileName(target, file, home, path), text);
  };

  /** A file and its `_extends` chain, most specific first. */
  const chain = async (first: ReadFile, home: RepoRef): Promise<ReadFile[]> => {
    const files: ReadFile[] = [first];
    const seen = new Set([first.name.toLowerCase()]);
    let current = first;
    while (current.data._extends !== undefined) {
      const value = current.data._extends;
      const problem = (message: string): InputProblem => {
        const at = current.locate(['_extends']);
        return { file: current.name, line: at?.line, column: at?.column, level: 'error', message };
      };
      const match = typeof value === 'string' ? EXTENDS.exec(value) : null;
      if (!match?.[2]) throw new ConfigError([problem('_extends: must be "repo", "owner/repo" or "owner/repo:path.yml"')]);
      if (files.length > MAX_EXTENDS) throw new ConfigError([problem(`_extends: more than ${MAX_EXTENDS} configurations chained; shorten the chain`)]);
      const target = { owner: match[1] ?? home.owner, repo: match[2] };
      const file = match[3] ?? CONFIG_FILE;
      const name = fileName(target, file, home, path);
      if (seen.has(name.toLowerCase())) throw new ConfigError([problem(`_extends: ${name} is already part of this configuration (a loop)`)]);
      seen.add(name.toLowerCase());
      const next = await readOne(target, file, home);
      if (!next) throw new ConfigError([problem(`_extends: ${name} was not found (can assure's token read it, and is the file on its default branch?)`)]);
      files.push(next);
      current = next;
    }
    return files;
  };
  const layer = (files: readonly ReadFile[]): ConfigLayer => ({
    data: mergeConfigs(files.map((f) => f.data).reverse()),
    file: files[0]!.name,
    locate: (segments) => {
      const file = files.find((f) => has(f.data, segments)) ?? files.find((f) => segments.length > 0 && has(f.data, segments.slice(0, -1)));
      return file?.locate(segments) ?? file?.locate(segments.slice(0, -1));
    },
  });

  return async (repo) => {
    // The organisation's configuration is the root; the repository's own file may only tighten it.
    const orgRepo = organisationConfigRepository(repo.owner);
    const isOrgRepo = sameRepo(repo, orgRepo.repo) && path === orgRepo.path;
    // Both files are asked for at once (one round trip, not two), except where a missing file of the
    // repository's own, at a path it named, ends the read before the organisation's is needed.
    const orgReading = path === CONFIG_FILE ? readOne(orgRepo.repo, orgRepo.path, repo) : undefined;
    orgReading?.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
    const own = isOrgRepo ? undefined : await readOne(repo, path, repo);
    if (!own && path !== CONFIG_FILE) {
      throw new ConfigError([{ file: path, level: 'error', message: `was not found on the default branch of ${fullName(repo)}` }]);
    }
    const orgFirst = await (orgReading ?? readOne(orgRepo.repo, orgRepo.path, repo));
    const orgFiles = orgFirst ? await chain(orgFirst, orgRepo.repo) : [];
    const ownFiles = own ? await chain(own, repo) : [];
    if (orgFiles.length === 0 && ownFiles.length === 0) return { data: undefined, files: [], ignored: [] };
    const orgLayer = orgFiles.length > 0 ? layer(orgFiles) : undefined;
    const ownLayer = ownFiles.length > 0 ? layer(ownFiles) : undefined;
    const { data, ignored } = combine(orgLayer, ownLayer);
    return {
      data,
      files: [...ownFiles, ...orgFiles].map((f) => f.name),
      ignored,
      layers: { ...(orgLayer ? { org: orgLayer } : {}), ...(ownLayer ? { own: ownLayer } : {}) },
      locate: (segments) => ownLayer?.locate?.(segments) ?? orgLayer?.locate?.(segments),
    };
  };
}

/**
 * Where an owner's organisation configuration lives: ASSURE_CONFIG_REPOSITORY (`repo`, or `owner/repo`
 * for that owner only, optionally `:path.yml`) when the deployment names one, else the owner's `.github`
 * repository at `.github/assure.yml`.
 */
export function organisationConfigRepository(owner: string, env: NodeJS.ProcessEnv = process.env): { repo: RepoRef; path: string } {
  const named = env.ASSURE_CONFIG_REPOSITORY?.trim();
  const match = named ? EXTENDS.exec(named) : null;
  if (match?.[2] && (!match[1] || match[1].toLowerCase() === owner.toLowerCase())) return { repo: { owner, repo: match[2] }, path: match[3] ?? CONFIG_FILE };
  return { repo: { owner, repo: '.github' }, path: CONFIG_FILE };
}
