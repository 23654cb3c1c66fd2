// The GitHub commands' connection: a token and an API address from flags or the environment, the
// repository whose .github/assure.yml applies, and the keys that sign and verify exception records.
import { fixedClock, instantOf, systemClock, type Clock } from '../src/index.js';
import { createClient, GitHubUnreachable } from '../github/client.js';
import type { GitHubContext } from '../github/context.js';
import { parseRepo, type RepoRef } from '../github/repo.js';
import { loadConfig } from '../github/config/load.js';
import { KeyError, keyring, recordKeysFromEnv, type RecordKeys } from '../github/signing.js';
import { ConfigError, formatConfigProblem, visibleProblem } from '../github/config/errors.js';
import { ArtefactSourceError, loadArtefactSources, type LoadedArtefacts } from '../github/design/artefacts.js';
import type { AssureConfig } from '../github/config/types.js';
import { UsageError, type Output } from './io.js';

export const GITHUB_OPTIONS = {
  repository: { type: 'string' },
  'api-url': { type: 'string' },
  actor: { type: 'string' },
  at: { type: 'string' },
} as const;

export const GITHUB_HELP = `  --repository OWNER/REPO  the repository whose .github/assure.yml (default branch) names the
                           exceptions repository (default: $GITHUB_REPOSITORY)
  --api-url URL            GitHub's API (default: $GITHUB_API_URL or https://api.github.com)
  --actor LOGIN            the login assure writes as: its App's bot (e.g. assure[bot]) or
                           github-actions[bot] (default: $ASSURE_ACTOR, else the token's user)
  --at DATE                act as of DATE (YYYY-MM-DD or an ISO date-time) instead of now

Environment: GITHUB_TOKEN (or GH_TOKEN) for the API; ASSURE_SIGNING_KEY and ASSURE_SIGNING_KEY_ID,
the key that signs exception records (sweep), and ASSURE_VERIFY_KEYS, public keys of earlier signing
keys (see docs/security.md).`;

export interface GitHubSession {
  ctx: GitHubContext;
  config: AssureConfig;
  repo: RepoRef;
}

/** `sign`: this command writes records (the signing key is then required); otherwise public keys suffice. */
export async function connect(values: { repository?: string; 'api-url'?: string; actor?: string; at?: string }, io: Output, sign: boolean, env: NodeJS.ProcessEnv = process.env): Promise<GitHubSession> {
  const clock = clockAt(values.at);
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token) throw new UsageError('set GITHUB_TOKEN (or GH_TOKEN) to a token that can read and write issues in the exceptions repository');
  let keys: RecordKeys;
  try {
    keys = recordKeysFromEnv(env, { sign });
  } catch (error) {
    if (error instanceof KeyError) throw new UsageError(error.message);
    throw error;
  }
  const name = values.repository ?? env.GITHUB_REPOSITORY;
  if (!name) throw new UsageError('say which repository: --repository OWNER/REPO');
  const repo = parseRepo(name);
  if (!repo) throw new UsageError(`--repository ${name}: write it as OWNER/REPO`);
  const gh = createClient({ token, baseUrl: values['api-url'] ?? env.GITHUB_API_URL ?? 'https://api.github.com' });
  let actor = values.actor ?? env.ASSURE_ACTOR;
  if (!actor) {
    try {
      actor = (await gh.rest.users.getAuthenticated()).data.login;
    } catch (error) {
      if (error instanceof GitHubUnreachable) throw error;
      throw new UsageError('cannot tell which login the token writes as: pass --actor LOGIN (e.g. assure[bot])');
    }
  }
  const ctx = cliContext(gh, clock, actor, keys, io);
  try {
    return { ctx, config: await loadConfig(ctx, repo), repo };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`the configuration cannot be used:\n${error.problems.map(formatConfigProblem).join('\n')}`);
    throw error;
  }
}

/** The GitHub layer's context for a CLI command: its warnings and errors go to standard error. */
function cliContext(gh: GitHubContext['gh'], clock: Clock, botLogin: string, keys: RecordKeys, io: Output): GitHubContext {
  return { gh, clock, log: { info: () => undefined, warn: (m) => io.err(`${m}\n`), error: (m) => io.err(`${m}\n`) }, botLogin, keys, membership: 'teams' };
}

function clockAt(at: string | undefined): Clock {
  if (at === undefined) return systemClock;
  try {
    return fixedClock(instantOf(at));
  } catch {
    throw new UsageError(`--at ${at}: not a date; write YYYY-MM-DD`);
  }
}

/**
 * What the pull request's check would apply to OWNER/REPO, read from GitHub with a token: the
 * organisation's configuration and the repository's own (default branches, the same resolver), and the
 * standards they name (the built-in library and the standards repositories). Reads only; no actor needed.
 */
export async function remoteSettings(name: string, apiUrl: string | undefined, at: string | undefined, io: Output, env: NodeJS.ProcessEnv = process.env): Promise<{ config: AssureConfig; artefacts: LoadedArtefacts; repo: RepoRef }> {
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token) throw new UsageError('--repository reads the configuration and the standards from GitHub: set GITHUB_TOKEN (or GH_TOKEN) to a token that can read them');
  const repo = parseRepo(name);
  if (!repo) throw new UsageError(`--repository ${name}: write it as OWNER/REPO`);
  // No exemption is read here, so no key (and no actor) is needed.
  const ctx = cliContext(createClient({ token, baseUrl: apiUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com' }), clockAt(at), env.ASSURE_ACTOR ?? 'assure[bot]', { ring: keyring({}) }, io);
  try {
    const config = await loadConfig(ctx, repo);
    return { config, artefacts: await loadArtefactSources(ctx, config, repo.owner), repo };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`the configuration cannot be used:\n${error.problems.map(visibleProblem).map(formatConfigProblem).join('\n')}`);
    if (error instanceof ArtefactSourceError) throw new UsageError(`the standards could not be read: ${error.message}`);
    throw error;
  }
}
