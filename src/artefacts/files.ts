import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SourceFile } from '../source.js';
import { decodeUtf8 } from '../source.js';
import { packageFile, packageRoot } from '../package-root.js';
import { isArtefactFile } from './load.js';
import { compareText } from '../compare.js';

/** Every artefact file below a folder, named relative to `base` so reports show short paths. */
export function readArtefactDir(dir: string, base: string = process.cwd()): SourceFile[] {
  const out: SourceFile[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
      const full = join(folder, entry.name);
      // A policies folder's collectors/ holds evidence collectors, not artefacts.
      if (entry.isDirectory()) {
        if (!(folder === dir && entry.name === 'collectors')) visit(full);
      }
      else if (entry.isFile() && isArtefactFile(entry.name)) {
        const text = decodeUtf8(readFileSync(full));
        const path = relative(base, full) || full;
        out.push({ path, text: text ?? '\u0000' });
      }
    }
  };
  if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
  visit(dir);
  return out;
}

let builtin: SourceFile[] | undefined;

/** The library that ships with assure (policies/), read once per process. */
export function builtinArtefactFiles(): SourceFile[] {
  builtin ??= readArtefactDir(packageFile('policies'), packageRoot());
  return builtin;
}
