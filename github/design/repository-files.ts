// A repository's files at one commit, read from GitHub in as few requests as there can be: one git trees
// listing (recursive), then every file the collectors select in one GraphQL query, an alias per file.
// Built for hostile repositories: the tree, each file and each query are capped, links and binaries are
// never read, and every cap that applies is stated for the report.
import type { EvidenceNote, RepositoryFile, RepositoryFiles } from '../../src/evidence/index.js';
import type { GitHub } from '../client.js';
import { graphql } from '../graphql.js';
import type { RepoRef } from '../repo.js';

export interface GitHubTreeCaps {
  /** Files listed at most; GitHub itself stops a recursive listing at 100,000 entries (or 7 MB). */
  maxEntries: number;
  /** Bytes of one file; a larger file is left out (the tree says each blob's size, so it is never fetched). */
  maxFileBytes: number;
  /** Files asked for in one GraphQL query; more are asked for in further queries. */
  filesPerQuery: number;
}

export const GITHUB_TREE_CAPS: GitHubTreeCaps = { maxEntries: 50_000, maxFileBytes: 1024 * 1024, filesPerQuery: 250 };

/** Tree entry modes: a symbolic link and a submodule are never read. */
const SYMLINK = '120000';
const SUBMODULE = '160000';

/** Folders that hold dependencies, build output or tool state, as on disk (src/evidence/disk.ts). */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', 'vendor', 'bower_components', '.bundle', 'bin', 'obj', 'dist', 'build', 'coverage', 'tmp', '.terraform', '.venv', 'venv', '__pycache__', '.yarn', '.next']);

interface TreeEntry {
  path: string;
  mode: string;
  type: string;
  size?: number;
}

interface Blob {
  text: string | null;
  isBinary: boolean | null;
  isTruncated: boolean;
  byteSize: number;
}


/** The one query shape: a repository and one aliased blob per file, the expressions passed as variables. */
export function blobsQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `, $e${i}: String!`).join('');
  const fields = Array.from({ length: count }, (_, i) => ` f${i}: object(expression: $e${i}) { ... on Blob { text isBinary isTruncated byteSize } }`).join('');
  return `query Files($owner: String!, $name: String!${variables}) { repository(owner: $owner, name: $name) {${fields} } }`;
}

/** Lists the tree at `sha` (one request) and returns the files, read in batches when asked. */
export async function githubRepositoryFiles(gh: GitHub, repo: RepoRef, sha: string, caps: Partial<GitHubTreeCaps> = {}): Promise<RepositoryFiles> {
  const limits = { ...GITHUB_TREE_CAPS, ...caps };
  const notes: EvidenceNote[] = [];
  const { data } = await gh.rest.git.getTree({ owner: repo.owner, repo: repo.repo, tree_sha: sha, recursive: '1' });
  if (data.truncated) notes.push({ kind: 'cap', message: 'GitHub listed only part of the tree (more than 100,000 entries): files past that were not looked at' });
  const sizes = new Map<string, number>();
  let links = 0;
  for (const entry of data.tree as TreeEntry[]) {
    if (entry.type !== 'blob') continue;
    if (entry.path.split('/').slice(0, -1).some((folder) => SKIPPED_FOLDERS.has(folder))) continue;
    if (entry.mode === SYMLINK || entry.mode === SUBMODULE) {
      links++;
      continue;
    }
    if (sizes.size >= limits.maxEntries) {
      notes.push({ kind: 'cap', message: `the tree has more than ${limits.maxEntries} files; files past that were not looked at` });
      break;
    }
    sizes.set(entry.path, entry.size ?? 0);
  }
  if (links > 0) notes.push({ kind: 'skipped', message: `${links} symbolic link${links === 1 ? '' : 's'} not followed` });
  const listed = [...sizes.keys()].sort();

  return {
    paths: () => listed,
    notes: () => notes,
    async read(paths) {
      const wanted: string[] = [];
      for (const path of paths) {
        const size = sizes.get(path);
        if (size === undefined) continue;
        if (size > limits.maxFileBytes) {
          notes.push({ kind: 'cap', file: path, message: `${path} is larger than ${limits.maxFileBytes} bytes and was not read` });
        } else wanted.push(path);
      }
      const out: RepositoryFile[] = [];
      let binaries = 0;
      for (let i = 0; i < wanted.length; i += limits.filesPerQuery) {
        const batch = wanted.slice(i, i + limits.filesPerQuery);
        const blobs = await readBlobs(gh, repo, sha, batch);
        batch.forEach((path, j) => {
          const blob = blobs[j];
          if (!blob) return;
          if (blob.isBinary || blob.text === null || blob.text.includes('\u0000')) binaries++;
          else if (blob.isTruncated) notes.push({ kind: 'cap', file: path, message: `${path}: GitHub returned only part of it (${blob.byteSize} bytes), so it was not read` });
          else out.push({ path, text: blob.text });
        });
      }
      if (binaries > 0) notes.push({ kind: 'skipped', message: `${binaries} binary file${binaries === 1 ? '' : 's'} not read` });
      return out;
    },
  };
}

/** One GraphQL query for a batch of files: a blob (or undefined: missing, or not a blob) per path, in order. */
async function readBlobs(gh: GitHub, repo: RepoRef, sha: string, paths: readonly string[]): Promise<Array<Blob | undefined>> {
  const variables: Record<string, string> = { owner: repo.owner, name: repo.repo };
  paths.forEach((path, i) => (variables[`e${i}`] = `${sha}:${path}`));
  const reply = await graphql<{ repository: Record<string, Blob | Record<string, never> | null> | null }>(gh, blobsQuery(paths.length), variables);
  const repository = reply.data?.repository;
  if (!repository) {
    const why = reply.errors?.map((e) => e.message).join('; ') || 'no repository in the reply';
    throw new Error(`GitHub could not read the files of ${repo.owner}/${repo.repo} at ${sha.slice(0, 7)}: ${why}`);
  }
  return paths.map((_, i) => {
    const blob = repository[`f${i}`];
    return blob && 'byteSize' in blob ? (blob as Blob) : undefined;
  });
}
