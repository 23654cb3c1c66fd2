// A repository's files read from a working tree on disk (the CLI, the Action's checkout).
// Built for hostile trees: links are never followed, binaries never decoded, and every walk is capped.
import { lstatSync, openSync, readSync, closeSync, readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { decodeUtf8 } from '../source.js';
import type { EvidenceNote, RepositoryFile, RepositoryFiles } from './types.js';
import { compareText } from '../compare.js';

export interface TreeCaps {
  /** Files and folders listed before the walk stops. */
  maxEntries: number;
  /** Folder depth below the root. */
  maxDepth: number;
  /** Bytes of one file; a larger file is left out. */
  maxFileBytes: number;
}

export const DEFAULT_TREE_CAPS: TreeCaps = { maxEntries: 50_000, maxDepth: 24, maxFileBytes: 1024 * 1024 };

/** Folders that hold dependencies, build output or tool state, never the repository's own design. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', 'vendor', 'bower_components', '.bundle', 'bin', 'obj', 'dist', 'build', 'coverage', 'tmp', '.terraform', '.venv', 'venv', '__pycache__', '.yarn', '.next']);

export function diskRepositoryFiles(root: string, caps: Partial<TreeCaps> = {}): RepositoryFiles {
  const limits = { ...DEFAULT_TREE_CAPS, ...caps };
  const notes: EvidenceNote[] = [];
  const listed = listTree(root, limits, notes);
  const known = new Set(listed);
  return {
    paths: () => listed,
    notes: () => notes,
    async read(paths) {
      const out: RepositoryFile[] = [];
      let binaries = 0;
      for (const path of paths) {
        if (!known.has(path)) continue;
        const bytes = readCapped(join(root, path), limits.maxFileBytes);
        if (bytes === 'too-large') {
          notes.push({ kind: 'cap', file: path, message: `${path} is larger than ${limits.maxFileBytes} bytes and was not read` });
          continue;
        }
        if (bytes === undefined) continue;
        const text = bytes.includes(0) ? undefined : decodeUtf8(bytes);
        if (text === undefined) binaries++;
        else out.push({ path, text });
      }
      if (binaries > 0) notes.push({ kind: 'skipped', message: `${binaries} binary or non-UTF-8 file${binaries === 1 ? '' : 's'} not read` });
      return out;
    },
  };
}

function listTree(root: string, limits: TreeCaps, notes: EvidenceNote[]): string[] {
  const files: string[] = [];
  let entries = 0;
  let links = 0;
  let tooDeep = false;
  const queue: Array<{ dir: string; rel: string; depth: number }> = [{ dir: root, rel: '', depth: 0 }];
  walk: while (queue.length > 0) {
    const { dir, rel, depth } = queue.shift()!;
    let children: Dirent[];
    try {
      children = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      notes.push({ kind: 'skipped', message: `${rel || '.'}: folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    children.sort((a, b) => compareText(a.name, b.name));
    for (const child of children) {
      if (++entries > limits.maxEntries) {
        notes.push({ kind: 'cap', message: `the tree has more than ${limits.maxEntries} entries; files past that were not looked at` });
        break walk;
      }
      const path = rel ? `${rel}/${child.name}` : child.name;
      if (child.isSymbolicLink()) links++;
      else if (child.isDirectory()) {
        // Of git's own folder, only the root's config is read: its remote names where the code lives.
        if (child.name === '.git' && depth === 0 && isPlainFile(join(dir, '.git', 'config'))) files.push('.git/config');
        if (SKIPPED_FOLDERS.has(child.name)) continue;
        if (depth + 1 > limits.maxDepth) tooDeep = true;
        else queue.push({ dir: join(dir, child.name), rel: path, depth: depth + 1 });
      } else if (child.isFile()) files.push(path);
    }
  }
  if (links > 0) notes.push({ kind: 'skipped', message: `${links} symbolic link${links === 1 ? '' : 's'} not followed` });
  if (tooDeep) notes.push({ kind: 'cap', message: `folders deeper than ${limits.maxDepth} levels were not looked at` });
  return files.sort();
}

function isPlainFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** Reads at most `max` bytes; a file that changed into a link or a folder since listing is left out. */
function readCapped(file: string, max: number): Uint8Array | 'too-large' | undefined {
  try {
    const stat = lstatSync(file);
    if (!stat.isFile()) return undefined;
    if (stat.size > max) return 'too-large';
    const fd = openSync(file, 'r');
    try {
      // Sized by what stat said, one byte over to see growth: a buffer of the cap for each file would
      // zero a mebibyte a file. A file that grew since is read on, in a larger buffer, up to the cap.
      let buffer = Buffer.allocUnsafe(stat.size + 1);
      let length = 0;
      for (let n = -1; n !== 0 && length <= max; length += n) {
        if (length === buffer.length) buffer = Buffer.concat([buffer], Math.min(buffer.length * 2, max + 1));
        n = readSync(fd, buffer, length, buffer.length - length, null);
      }
      return length > max ? 'too-large' : buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
