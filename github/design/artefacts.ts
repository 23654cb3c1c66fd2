// The artefacts a design is checked against: the built-in library and the folders of an organisation's
// standards repositories, always read from those repositories' default branches (never from the pull
// request). A repository's files are kept per commit, and its default branch head is asked for again only
// after a short while, so a warm cache costs no requests at all.
import { builtinArtefactFiles, isArtefactFile, loadArtefacts, type ArtefactSet, type SourceFile } from '../../src/index.js';
import type { GitHub } from '../client.js';
import { TimedCache } from '../cache.js';
import type { GitHubContext } from '../context.js';
import { parseRepo, type RepoRef } from '../repo.js';
import { isNotFound, readRepoFile } from '../config/contents.js';
import type { ArtefactSourceConfig, AssureConfig } from '../config/types.js';
import { compareText } from '../../src/compare.js';

/** A configured standards repository could not be read: the check says so instead of passing on less. */
export class ArtefactSourceError extends Error {
  constructor(
    readonly source: ArtefactSourceConfig,
    reason: string,
  ) {
    super(`artefacts.sources: ${source.repository}${source.path ? ` (folder ${source.path})` : ''} ${reason}`);
    this.name = 'ArtefactSourceError';
  }
}

export interface LoadedArtefacts extends ArtefactSet {
  /** Artefact file (as named in the set) -> where it can be read on GitHub. */
  fileUrls: Map<string, string>;
}

/** How long a default branch head is trusted before GitHub is asked again. */
export const ARTEFACT_TTL_MS = 60_000;
export const MAX_SOURCE_FILES = 500;
const MAX_DEPTH = 8;
const PARALLEL = 8;
const MAX_SNAPSHOTS = 32;

interface Head {
  defaultBranch: string;
  sha: string;
}

interface Snapshot {
  files: SourceFile[];
  urls: Map<string, string>;
}

/** Standards repositories whose default branch head is kept at most. */
const MAX_HEADS = 256;

const heads = new TimedCache<Head>({ ttlMs: ARTEFACT_TTL_MS, max: MAX_HEADS });
// Snapshots and compiled sets are per commit: they never go stale, only out of use.
const snapshots = new TimedCache<Snapshot>({ ttlMs: Infinity, max: MAX_SNAPSHOTS });
const compiled = new TimedCache<LoadedArtefacts>({ ttlMs: Infinity, max: MAX_SNAPSHOTS });

export const artefactCache = {
  clear(): void {
    heads.clear();
    snapshots.clear();
    compiled.clear();
  },
};

async function headOf(ctx: GitHubContext, repo: RepoRef, source: ArtefactSourceConfig, account: string): Promise<Head> {
  const key = `${account}|${source.repository}`.toLowerCase();
  const now = ctx.clock.now().getTime();
  const fresh = heads.get(key, now);
  if (fresh) return fresh;
  const known = heads.stale(key);
  const lookup = async (defaultBranch: string): Promise<Head> => {
    const { data } = await ctx.gh.rest.repos.getBranch({ owner: repo.owner, repo: repo.repo, branch: defaultBranch });
    return { defaultBranch, sha: data.commit.sha };
  };
  const asked = async (): Promise<Head> => lookup((await ctx.gh.rest.repos.get({ owner: repo.owner, repo: repo.repo })).data.default_branch);
  try {
    let head: Head;
    try {
      head = known ? await lookup(known.defaultBranch) : await asked();
    } catch (error) {
      // The default branch may have been renamed since it was last read.
      if (!known || !isNotFound(error)) throw error;
      head = await asked();
    }
    heads.set(key, head, now);
    return head;
  } catch (error) {
    if (isNotFound(error)) {
      heads.delete(key);
      throw new ArtefactSourceError(source, 'was not found: check the name, and that the App is installed on it (or the token can read it)');
    }
    throw error;
  }
}

interface Entry {
  type: string;
  name: string;
  path: string;
  html_url: string | null;
}

async function listFolder(gh: GitHub, repo: RepoRef, path: string, ref: string): Promise<Entry[] | undefined> {
  try {
    const { data } = await gh.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path, ref });
    return Array.isArray(data) ? (data as Entry[]) : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function readSnapshot(ctx: GitHubContext, repo: RepoRef, source: ArtefactSourceConfig, sha: string): Promise<Snapshot> {
  const found: Entry[] = [];
  const walk = async (path: string, depth: number): Promise<boolean> => {
    const entries = await listFolder(ctx.gh, repo, path, sha);
    if (!entries) return false;
    for (const entry of entries.sort((a, b) => compareText(a.path, b.path))) {
      if (entry.type === 'dir' && depth < MAX_DEPTH) await walk(entry.path, depth + 1);
      else if (entry.type === 'file' && isArtefactFile(entry.name)) found.push(entry);
      if (found.length > MAX_SOURCE_FILES) throw new ArtefactSourceError(source, `holds more than ${MAX_SOURCE_FILES} artefact files; point artefacts.sources at a smaller folder`);
    }
    return true;
  };
  if (!(await walk(source.path, 0))) throw new ArtefactSourceError(source, `has no folder "${source.path || '/'}" on its default branch`);

  const files: SourceFile[] = [];
  const urls = new Map<string, string>();
  for (let i = 0; i < found.length; i += PARALLEL) {
    const batch = found.slice(i, i + PARALLEL);
    const texts = await Promise.all(batch.map((entry) => readRepoFile(ctx.gh, repo, entry.path, sha)));
    batch.forEach((entry, j) => {
      const text = texts[j];
      if (text === undefined) return;
      // Named by repository so two sources' files never collide and reports say where each came from.
      const name = `${source.repository}/${entry.path}`;
      files.push({ path: name, text });
      if (entry.html_url) urls.set(name, entry.html_url);
    });
  }
  return { files, urls };
}

/**
 * Every artefact the configuration names, compiled; the same set is reused while nothing has changed.
 * `account` is the owner of the design repository: what one installation could read is never served to
 * another from the cache.
 */
export async function loadArtefactSources(ctx: GitHubContext, config: AssureConfig, account: string): Promise<LoadedArtefacts> {
  const now = ctx.clock.now().getTime();
  const parts: Array<{ key: string; snapshot: Snapshot }> = [];
  for (const source of config.artefacts.sources) {
    const repo = parseRepo(source.repository);
    if (!repo) throw new ArtefactSourceError(source, 'is not a repository written owner/name');
    const head = await headOf(ctx, repo, source, account);
    const key = `${account.toLowerCase()}|${source.repository.toLowerCase()}@${head.sha}:${source.path}`;
    let snapshot = snapshots.get(key, now);
    if (!snapshot) {
      snapshot = await readSnapshot(ctx, repo, source, head.sha);
      snapshots.set(key, snapshot, now);
    }
    parts.push({ key, snapshot });
  }
  const setKey = `${config.artefacts.builtin ? 'builtin' : ''}|${parts.map((p) => p.key).join('|')}`;
  const known = compiled.get(setKey, now);
  if (known) return known;
  const files = [...(config.artefacts.builtin ? builtinArtefactFiles() : []), ...parts.flatMap((p) => p.snapshot.files)];
  const set = loadArtefacts(files, ctx.assertionCache ? { cache: ctx.assertionCache } : {});
  const fileUrls = new Map(parts.flatMap((p) => [...p.snapshot.urls]));
  const loaded: LoadedArtefacts = { ...set, fileUrls };
  compiled.set(setKey, loaded, now);
  return loaded;
}
