// The organisation's `.github/assure.yml` on a laptop: read from the working tree (or `--config FILE`) and
// resolved by the same code the App and the Action use, so the CLI's verdict is the pull request's.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { InputProblem } from '../src/index.js';
import type { AssureConfig } from '../github/config/types.js';
import { readTextFile } from './io.js';

export interface LocalConfig {
  config: AssureConfig;
  /** The file it came from, as the user would name it. */
  file: string;
}

/** Thrown when the configuration cannot be used; each problem names the file and line. */
export class LocalConfigError extends Error {
  constructor(readonly problems: InputProblem[]) {
    super(problems.map((p) => p.message).join('\n'));
  }
}

/**
 * `--config FILE` when given (it must exist), else `DIR/.github/assure.yml` when present, else undefined
 * (the defaults). The GitHub modules are loaded only when there is a file to read.
 */
export async function localConfig(explicit: string | undefined, repoDir: string): Promise<LocalConfig | undefined> {
  const path = explicit ?? join(repoDir, '.github', 'assure.yml');
  if (!explicit && !existsSync(path)) return undefined;
  const source = readTextFile(path, 'configuration file');
  const [{ parseConfigFile }, { resolveConfig }, { ConfigError }] = await Promise.all([
    import('../github/config/reader.js'),
    import('../github/config/load.js'),
    import('../github/config/errors.js'),
  ]);
  try {
    const read = parseConfigFile(source.path, source.text);
    if (read.data._extends !== undefined) {
      const at = read.locate(['_extends']);
      throw new LocalConfigError([{ file: source.path, line: at?.line, column: at?.column, level: 'error', message: '_extends: the CLI reads one local file and cannot follow _extends; pass the configuration it names with --config FILE' }]);
    }
    const repo = { owner: 'local', repo: basename(resolve(repoDir)) || 'repository' };
    const config = resolveConfig({ data: read.data, files: [source.path], locate: read.locate }, repo);
    return { config, file: source.path };
  } catch (error) {
    if (error instanceof ConfigError) throw new LocalConfigError(error.problems);
    throw error;
  }
}
