// The Action's `config` input: the configuration file at another path than `.github/assure.yml`, read
// from the repository's default branch (never from a pull request), with the same `_extends` forms and
// merge rules as the GitHub layer's reader. The default path is left to the layer's own reader, which
// also falls back to the owner's `.github` repository.
import type { InputProblem } from '../src/types.js';
import type { Locator } from '../src/source.js';
import type { Segment } from '../src/paths/jsonpath.js';
import { parseYaml } from '../src/yaml/parse.js';
import type { GitHub } from '../github/client.js';
import { fullName, sameRepo, type GitHubContext, type RepoRef } from '../github/context.js';
import { readRepoFile } from '../github/config/contents.js';
import { ConfigError } from '../github/config/errors.js';
import { configCache, loadConfig } from '../github/config/load.js';
import { mergeConfigs, type ConfigReader } from '../github/config/reader.js';
import { CONFIG_FILE, type AssureConfig } from '../github/config/types.js';

const MAX_EXTENDS = 5;
// The forms Probot and the layer accept: repo, owner/repo, and either with `:path.yml`.
const EXTENDS = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;

interface ReadFile {
  name: string;
  data: Record<string, unknown>;
  locate: Locator;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function has(data: unknown, segments: readonly Segment[]): boolean {
  let node = data;
  for (const s of segments) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, s)) return false;
    node = (node as Record<string | number, unknown>)[s];
  }
  return true;
}

/** Reads the configuration from `path` on the default branch; a missing file is an error (the input named it). */
export function pathConfigReader(gh: GitHub, path: string): ConfigReader {
  const nameOf = (target: RepoRef, file: string, home: RepoRef): string => (sameRepo(target, home) && file === path ? path : `${fullName(target)}:${file}`);
  const readOne = async (target: RepoRef, file: string, home: RepoRef): Promise<ReadFile | undefined> => {
    const text = await readRepoFile(gh, target, file);
    if (text === undefined) return undefined;
    const name = nameOf(target, file, home);
    if (text.trim() === '') return { name, data: {}, locate: () => undefined };
    const outcome = parseYaml({ path: name, text });
    if (!outcome.ok) throw new ConfigError([{ ...outcome.problem, message: outcome.problem.message.replace(/^is empty.*/, 'is empty') }]);
    const { data, locate } = outcome.parsed;
    if (data === null || data === undefined) return { name, data: {}, locate };
    if (!isObject(data)) throw new ConfigError([{ file: name, line: 1, column: 1, level: 'error', message: 'must be a YAML mapping (key: value pairs)' }]);
    return { name, data, locate };
  };

  return async (repo) => {
    const first = await readOne(repo, path, repo);
    if (!first) {
      throw new ConfigError([{ file: path, level: 'error', message: `was not found on the default branch of ${fullName(repo)} (the Action's config input names it)` }]);
    }
    const files: ReadFile[] = [first];
    const seen = new Set([first.name.toLowerCase()]);
    let current = first;
    while (current.data._extends !== undefined) {
      const value = current.data._extends;
      const at = current.locate(['_extends']);
      const from = current;
      const problem = (message: string): InputProblem => ({ file: from.name, line: at?.line, column: at?.column, level: 'error', message });
      const match = typeof value === 'string' ? EXTENDS.exec(value) : null;
      if (!match?.[2]) throw new ConfigError([problem('_extends: must be "repo", "owner/repo" or "owner/repo:path.yml"')]);
      if (files.length > MAX_EXTENDS) throw new ConfigError([problem(`_extends: more than ${MAX_EXTENDS} configurations chained; shorten the chain`)]);
      const target = { owner: match[1] ?? repo.owner, repo: match[2] };
      const file = match[3] ?? CONFIG_FILE;
      const name = nameOf(target, file, repo);
      if (seen.has(name.toLowerCase())) throw new ConfigError([problem(`_extends: ${name} is already part of this configuration (a loop)`)]);
      seen.add(name.toLowerCase());
      const next = await readOne(target, file, repo);
      if (!next) throw new ConfigError([problem(`_extends: ${name} was not found (can the workflow's token read it, and is the file on its default branch?)`)]);
      files.push(next);
      current = next;
    }
    const data = mergeConfigs(files.map((f) => f.data).reverse());
    delete data._extends;
    return {
      data,
      files: files.map((f) => f.name),
      locate: (segments) => {
        const file = files.find((f) => has(f.data, segments)) ?? files.find((f) => segments.length > 0 && has(f.data, segments.slice(0, -1)));
        return file?.locate(segments) ?? file?.locate(segments.slice(0, -1));
      },
    };
  };
}

export interface ConfigOverrides {
  /** The configuration file's path (the `config` input); `.github/assure.yml` = the layer's own reader. */
  path: string;
  manifest?: string;
  timeZone?: string;
}

/** The configuration from the default branch, with the Action's `manifest` and `time-zone` inputs applied over it. */
export async function loadActionConfig(ctx: GitHubContext, repo: RepoRef, overrides: ConfigOverrides): Promise<AssureConfig> {
  const reader = overrides.path === CONFIG_FILE ? undefined : pathConfigReader(ctx.gh, overrides.path);
  // One run per process: always read afresh (the layer's cache is keyed by repository, not by path).
  configCache.clear(repo);
  const config = await loadConfig(ctx, repo, reader);
  return {
    ...config,
    ...(overrides.manifest ? { manifest: overrides.manifest } : {}),
    ...(overrides.timeZone ? { time_zone: overrides.timeZone } : {}),
  };
}
