// Where a design's files come from: GitHub at a commit (the App: the contents API for the manifest, one
// tree listing and one batched read for the evidence) or a checked-out working tree (the Action, the CLI).
// Either way the same evaluation runs over them, so the same files give the same report.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { decodeUtf8 } from '../../src/source.js';
import { MAX_REGISTER_BYTES } from '../../src/manifest/registers.js';
import { diskRepositoryFiles } from '../../src/evidence/disk.js';
import type { PlatformSettings } from '../../src/evidence/platform.js';
import type { RepositoryFiles } from '../../src/evidence/types.js';
import type { GitHubContext } from '../context.js';
import type { RepoRef } from '../repo.js';
import { readRepoFile } from '../config/contents.js';
import { githubRepositoryFiles } from './repository-files.js';

/**
 * The largest file read from a working tree: a school's register (over 100,000 rows of CSV), as the
 * contents API serves it raw. A manifest is held to its own, smaller limit when it is parsed.
 */
const MAX_FILE_BYTES = MAX_REGISTER_BYTES;

export interface DesignSource {
  /** One file of the repository (the manifest, a register); undefined when there is no such file. */
  readFile(path: string): Promise<string | undefined>;
  /** Every file, for the collectors; listed when first asked for. */
  files(): Promise<RepositoryFiles>;
  /** The hosting platform's settings for the repository, when the front door has them. */
  platform?: PlatformSettings;
}

/** The repository at `sha` on GitHub. */
export function githubDesignSource(ctx: GitHubContext, repo: RepoRef, sha: string, platform?: PlatformSettings): DesignSource {
  let listed: Promise<RepositoryFiles> | undefined;
  return {
    readFile: (path) => readRepoFile(ctx.gh, repo, path, sha),
    files: () => (listed ??= githubRepositoryFiles(ctx.gh, repo, sha)),
    ...(platform ? { platform } : {}),
  };
}

/** A checked-out working tree: nothing is asked of GitHub, and nothing outside `root` is read. */
export function workingTreeSource(root: string, platform?: PlatformSettings): DesignSource {
  let listed: RepositoryFiles | undefined;
  return {
    async readFile(path) {
      const full = join(root, path);
      try {
        const inside = relative(realpathSync(root), realpathSync(full));
        if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
        const stat = statSync(full);
        if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
      } catch {
        return undefined;
      }
      const text = decodeUtf8(readFileSync(full));
      if (text === undefined) return undefined;
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    },
    files: async () => (listed ??= diskRepositoryFiles(root)),
    ...(platform ? { platform } : {}),
  };
}

/** What a webhook payload's `repository` object says about the repository's settings (no request needed). */
export interface RepositorySettingsPayload {
  name: string;
  owner: { login: string };
  private?: boolean;
  visibility?: string;
  topics?: string[];
}

export function platformFromPayload(repository: RepositorySettingsPayload): PlatformSettings {
  const visibility = repository.visibility === 'public' || repository.visibility === 'private' || repository.visibility === 'internal' ? repository.visibility : repository.private === undefined ? undefined : repository.private ? 'private' : 'public';
  return {
    host: 'github',
    owner: repository.owner.login,
    repository: repository.name,
    ...(visibility ? { visibility } : {}),
    ...(Array.isArray(repository.topics) ? { topics: repository.topics.filter((t): t is string => typeof t === 'string') } : {}),
  };
}
