// How a process reaches what the build precompiled (build/precompiled, written by scripts/precompile.ts):
// from the package folder. The Action ships neither build/ nor node_modules, so its bundle replaces this
// module with one that holds the files themselves (scripts/bundle-action.mjs); nothing else differs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { packageFile } from '../package-root.js';

/** Where the build writes generated code and snapshots, relative to the package folder. */
export const PRECOMPILED_DIR = 'build/precompiled';

/** A generated CommonJS module's exports; undefined when the build did not write it or it cannot load. */
export function precompiledModule(file: string): unknown {
  const path = packageFile(`${PRECOMPILED_DIR}/${file}`);
  try {
    return existsSync(path) ? (createRequire(path)(path) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** A generated JSON file's data; undefined when the build did not write it or it cannot be read. */
export function precompiledJson(file: string): unknown {
  const path = packageFile(`${PRECOMPILED_DIR}/${file}`);
  try {
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
