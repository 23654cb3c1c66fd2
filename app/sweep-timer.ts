// The App's own sweep, for deployments that want one: every minute it looks at the repositories named in
// ASSURE_SWEEP_REPOSITORIES and sweeps each whose `sweep.interval_minutes` has elapsed. With replicas
// (PEERS), only the first in the list runs this timer (app/server.ts): two sweeps of one repository at
// once could each find a reminder or an expiry not yet written and write it twice. Its changes to
// exception issues are announced to the other replicas like any other (app/peers.ts).
import type { Probot } from 'probot';
import type { Clock } from '../src/time/clock.js';
import type { GitHub } from '../github/client.js';
import type { GitHubContext } from '../github/context.js';
import { fullName, parseRepo, type RepoRef } from '../github/repo.js';
import { loadConfig } from '../github/config/load.js';
import { recheckDesign } from '../github/handlers.js';
import { sweep, type SweepResult } from '../github/sweep/sweep.js';

export interface SweepTimerOptions {
  probot: Probot;
  repositories: RepoRef[];
  clock: Clock;
  keys: GitHubContext['keys'];
  log: GitHubContext['log'];
}

/** "owner/repo, owner/repo" -> the repositories, or an error naming the bad entry. */
export function parseRepositories(text: string | undefined): RepoRef[] {
  if (!text?.trim()) return [];
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      const repo = parseRepo(entry);
      if (!repo) throw new Error(`ASSURE_SWEEP_REPOSITORIES: "${entry}" is not written owner/repo`);
      return repo;
    });
}

/** A context acting as the App's installation on the repository's owner. */
export async function installationContext(options: Pick<SweepTimerOptions, 'probot' | 'clock' | 'keys' | 'log'>, repo: RepoRef): Promise<GitHubContext> {
  const appOctokit = await options.probot.auth();
  const [{ data: installation }, { data: app }] = await Promise.all([
    appOctokit.rest.apps.getRepoInstallation({ owner: repo.owner, repo: repo.repo }),
    appOctokit.rest.apps.getAuthenticated(),
  ]);
  const gh = (await options.probot.auth(installation.id)) as unknown as GitHub;
  return { gh, clock: options.clock, log: options.log, botLogin: `${app?.slug ?? 'assure'}[bot]`, keys: options.keys, membership: 'teams' };
}

/** Sweeps one repository's exceptions repository as the App. */
export async function sweepAsApp(options: Pick<SweepTimerOptions, 'probot' | 'clock' | 'keys' | 'log'>, repo: RepoRef): Promise<SweepResult> {
  const ctx = await installationContext(options, repo);
  const config = await loadConfig(ctx, repo);
  return sweep(ctx, config, { recheck: recheckDesign });
}

/** Starts the minute tick; returns how to stop it. */
export function startSweepTimer(options: SweepTimerOptions): () => void {
  const last = new Map<string, number>();
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      for (const repo of options.repositories) {
        const key = fullName(repo).toLowerCase();
        try {
          const ctx = await installationContext(options, repo);
          const config = await loadConfig(ctx, repo);
          const every = config.sweep.interval_minutes;
          const now = options.clock.now().getTime();
          if (every <= 0 || now - (last.get(key) ?? 0) < every * 60_000) continue;
          last.set(key, now);
          const result = await sweep(ctx, config, { recheck: recheckDesign });
          options.log.info(`assure: swept ${result.repository}: ${result.transitions.length} change(s)`);
        } catch (error) {
          options.log.error(`assure: sweeping ${fullName(repo)} failed: ${(error as Error).message}`);
        }
      }
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), 60_000);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
