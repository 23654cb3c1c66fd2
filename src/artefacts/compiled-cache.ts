// An organisation's own artefacts, compiled once: the assertions of each artefact are written out as ajv
// standalone code, named by the hash of what they were made from (assure's version, the assertions and
// the artefact's tables), and the next process loads that code instead of compiling again. The built-in
// library needs none of this: the build ships it compiled (src/artefacts/assertions.ts).
//
// The cache only ever saves time. A folder that cannot be created or written, a file that cannot be
// read or does not load: the assertions are compiled as if there were no cache, and nothing is reported.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { packageFile } from '../package-root.js';
import type { DomainRuntime } from './keywords.js';

/** The generated module: a function of the domain keywords' runtime, returning validators by assertion key. */
export type CompiledAssertions = (runtime: DomainRuntime) => Record<string, ValidateFunction>;

export interface AssertionCache {
  /** The compiled assertions stored under `key`, if there are any and they load. */
  load(key: string): CompiledAssertions | undefined;
  /** Keeps the generated module `code` under `key`; a failure to write is ignored. */
  store(key: string, code: string): void;
}

/**
 * Where compiled artefacts are kept: ASSURE_CACHE_DIR, else the platform's cache folder
 * (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches, %LOCALAPPDATA%), in an `assure` folder.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ASSURE_CACHE_DIR) return env.ASSURE_CACHE_DIR;
  const base =
    platform() === 'win32' ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local')) : platform() === 'darwin' ? join(homedir(), 'Library', 'Caches') : (env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
  return join(base, 'assure', 'compiled');
}

/** A cache in `dir` (created when first written to). */
export function diskAssertionCache(dir: string = defaultCacheDir()): AssertionCache {
  const fileOf = (key: string): string => join(dir, `${key}.cjs`);
  return {
    load(key) {
      const file = fileOf(key);
      try {
        if (!existsSync(file)) return undefined;
        const loaded = createRequire(file)(file) as unknown;
        if (typeof loaded !== 'function') return undefined;
        // The code requires ajv's runtime modules: they are resolved from assure's package, not the cache folder.
        const fromPackage = createRequire(packageFile('package.json'));
        return (runtime) => (loaded as (runtime: DomainRuntime, require: NodeJS.Require) => Record<string, ValidateFunction>)(runtime, fromPackage);
      } catch {
        return undefined;
      }
    },
    store(key, code) {
      const file = fileOf(key);
      // Written whole under another name and then renamed, so a reader never sees half a file.
      const partial = `${file}.${process.pid}.partial`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(partial, `// assure compiled assertions ${key}\n${code}`, { mode: 0o600 });
        renameSync(partial, file);
      } catch {
        // unwritable: the next process compiles again
      }
    },
  };
}
