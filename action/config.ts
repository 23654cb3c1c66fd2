// The Action's configuration: the GitHub layer's reader at the `config` input's path, always on the
// repository's default branch (never a pull request), with the `manifest` and `time-zone` inputs over it.
import type { GitHubContext } from '../github/context.js';
import type { RepoRef } from '../github/repo.js';
import { configCache, loadConfig, resolveConfig } from '../github/config/load.js';
import { contentsConfigReader } from '../github/config/reader.js';
import type { AssureConfig } from '../github/config/types.js';

export interface ConfigOverrides {
  /** The configuration file's path (the `config` input). */
  path: string;
  manifest?: string;
  timeZone?: string;
}

/** The defaults, with the Action's inputs over them: what a step without a token checks against. */
export function defaultActionConfig(repo: RepoRef, overrides: ConfigOverrides): AssureConfig {
  return withOverrides(resolveConfig({ data: undefined, files: [] }, repo), overrides);
}

function withOverrides(config: AssureConfig, overrides: ConfigOverrides): AssureConfig {
  return {
    ...config,
    ...(overrides.manifest ? { manifest: overrides.manifest } : {}),
    ...(overrides.timeZone ? { time_zone: overrides.timeZone } : {}),
  };
}

/** The configuration from the default branch, with the Action's `manifest` and `time-zone` inputs applied over it. */
export async function loadActionConfig(ctx: GitHubContext, repo: RepoRef, overrides: ConfigOverrides): Promise<AssureConfig> {
  // One run per process: always read afresh (the layer's cache is keyed by repository, not by path).
  configCache.clear(repo);
  return withOverrides(await loadConfig(ctx, repo, contentsConfigReader(ctx.gh, overrides.path)), overrides);
}
