import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The folder holding assure's package.json: the same code runs from src/ (tests), build/src/ (CLI)
 * and a single bundled dist/index.js (the Action), so the depth differs and is found, not assumed.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && existsSync(join(dir, 'policies'))) {
      const name = (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name;
      if (name === 'assure-design') return (root = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the assure package folder (package.json with policies/)');
    dir = parent;
  }
}

export function packageFile(relative: string): string {
  return join(packageRoot(), relative);
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
}
