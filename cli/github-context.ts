// The GitHub commands' connection: a token and an API address from flags or the environment, the
// repository whose .github/assure.yml applies, and the keys that sign and verify exception records.
import { fixedClock, instantOf, systemClock, type Clock, type Exemption } from '../src/index.js';
import { createClient, GitHubUnreachable } from '../github/client.js';
import type { GitHubContext } from '../github/context.js';
import { fullName, parseRepo, type RepoRef } from '../github/repo.js';
import { loadConfig } from '../github/config/load.js';
import { canVerify, KeyError, recordKeysFromEnv, type RecordKeys } from '../github/signing.js';
import { ConfigError, formatConfigProblem, visibleProblem } from '../github/config/errors.js';
import { ArtefactSourceError, loadArtefactSources, type LoadedArtefacts } from '../github/design/artefacts.js';
import { label, type AssureConfig } from '../github/config/types.js';
import { exemptionsFor, listExceptionIssues, type StoredIssue } from '../github/exceptions/store.js';
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

/** What `check --repository` applies: the pull request's check's configuration, standards and exemptions. */
export interface RemoteSettings {
  config: AssureConfig;
  artefacts: LoadedArtefacts;
  repo: RepoRef;
  /** The exemptions recorded for the repository whose records verify; none when no key can verify them. */
  exemptions: Exemption[];
}

/**
 * What the pull request's check would apply to OWNER/REPO, read from GitHub with a token: the
 * organisation's configuration and the repository's own (default branches, the same resolver), the
 * standards they name (the built-in library and the standards repositories) and the exemptions recorded
 * for it (the exceptions store, trusting what the check trusts). Reads only.
 */
export async function remoteSettings(name: string, options: { apiUrl?: string; actor?: string; clock: Clock }, io: Output, env: NodeJS.ProcessEnv = process.env): Promise<RemoteSettings> {
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token) throw new UsageError('--repository reads the configuration and the standards from GitHub: set GITHUB_TOKEN (or GH_TOKEN) to a token that can read them');
  const repo = parseRepo(name);
  if (!repo) throw new UsageError(`--repository ${name}: write it as OWNER/REPO`);
  // Records are only read here: public keys verify them (a signing key, when set, verifies its own).
  let keys: RecordKeys;
  try {
    keys = recordKeysFromEnv(env, { sign: false });
  } catch (error) {
    if (error instanceof KeyError) throw new UsageError(error.message);
    throw error;
  }
  const ctx = cliContext(createClient({ token, baseUrl: options.apiUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com' }), options.clock, options.actor ?? env.ASSURE_ACTOR ?? DEFAULT_ACTOR, keys, io);
  let config: AssureConfig;
  let artefacts: LoadedArtefacts;
  try {
    config = await loadConfig(ctx, repo);
    artefacts = await loadArtefactSources(ctx, config, repo.owner);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`the configuration cannot be used:\n${error.problems.map(visibleProblem).map(formatConfigProblem).join('\n')}`);
    if (error instanceof ArtefactSourceError) throw new UsageError(`the standards could not be read: ${error.message}`);
    throw error;
  }
  return { config, artefacts, repo, exemptions: await recordedExemptions(ctx, config, repo, io) };
}

/** The login exception records are trusted from when neither --actor nor ASSURE_ACTOR names it: the App's bot. */
export const DEFAULT_ACTOR = 'assure[bot]';

/** Says how to give the CLI what the pull request's check verifies exception records with. */
export const VERIFY_KEYS_HINT = "set ASSURE_VERIFY_KEYS to the public keys that verify exception records (kid:BASE64, the value of the Action's verify-keys; see docs/security.md)";

/**
 * The exemptions the pull request's check would apply, read by the same store: only records assure
 * (ctx.botLogin) wrote, signed with a key that verifies here and last edited by assure. Without a key
 * none can be trusted, so none is applied and standard error says how many were left out; records that
 * were not trusted are named there too. An exception issue is taken to concern the repository when its
 * title says so (assure's titles end "for OWNER/REPO"): a hint for the note only, never for the verdict.
 */
async function recordedExemptions(ctx: GitHubContext, config: AssureConfig, repo: RepoRef, io: Output): Promise<Exemption[]> {
  const design = fullName(repo);
  const where = config.exceptions.repository;
  const concerns = (issue: StoredIssue): boolean => issue.title.toLowerCase().endsWith(` for ${design.toLowerCase()}`);
  if (!canVerify(ctx.keys)) {
    let approved: number | undefined;
    try {
      const approvedLabel = label(config, 'approved').toLowerCase();
      approved = (await listExceptionIssues(ctx, config, false)).filter((i) => concerns(i) && i.labels.some((l) => l.toLowerCase() === approvedLabel)).length;
    } catch (error) {
      if (error instanceof GitHubUnreachable) throw error;
    }
    if (approved === undefined) io.err(`exemptions were not applied: no key can verify the exception records in ${where} (which could not be read either); ${VERIFY_KEYS_HINT}\n`);
    else if (approved > 0) io.err(`exemptions were not applied: ${where} holds ${approved} approved exception${approved === 1 ? '' : 's'} for ${design}, and no key can verify ${approved === 1 ? 'its record' : 'their records'}; ${VERIFY_KEYS_HINT}\n`);
    return [];
  }
  let issues: StoredIssue[];
  try {
    issues = await listExceptionIssues(ctx, config, false);
  } catch (error) {
    if (error instanceof GitHubUnreachable) throw error;
    throw new UsageError(`the exemptions could not be read from ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const untrusted = issues.filter((i) => i.distrust && i.distrust !== 'missing' && concerns(i));
  for (const i of untrusted) io.err(`${where}#${i.number}: not applied, its record is not trusted (${i.distrust})\n`);
  if (untrusted.some((i) => i.distrust === 'not written by assure')) io.err(`exception records are trusted only when ${ctx.botLogin} wrote them: if assure writes as another login, pass --actor LOGIN (or set ASSURE_ACTOR)\n`);
  if (untrusted.some((i) => i.distrust === 'unknown key')) io.err(`some exception records are signed with a key that is not set here: ${VERIFY_KEYS_HINT}\n`);
  return exemptionsFor(config, issues, design);
}
