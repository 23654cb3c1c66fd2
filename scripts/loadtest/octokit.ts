// The Octokit the load test gives the App: Probot's own (retry and throttling plugins on), with the
// spacing of writes taken out and the waits scaled down, so that 2,000 webhooks fit in a couple of
// minutes against the local GitHub.
//
// @octokit/plugin-throttling admits content-creating requests 1 s apart and notification-triggering ones
// (comments, issues) 3 s apart, through Bottleneck groups held at module level and shared by every Octokit
// in the process. That is right against github.com (about 80 content-creating requests a minute) and
// would make this run last hours. The plugin merges its `throttle` options into its state and uses
// `state.write` and `state.notifications` when given, so we pass the pass-through limiter the Action's
// client already uses (UNSPACED in github/client.ts). Everything else in the plugin is left as it is:
// its global group (10 requests in flight per process), and its handling of secondary rate limits (a 403
// with GitHub's message and `retry-after`, then `onSecondaryRateLimit`, then a retry).
import { ProbotOctokit } from 'probot';
import { UNSPACED } from '../../github/client.js';

export interface RetrySettings {
  /** @octokit/plugin-retry: retries of a 5xx (Probot's default is 3). */
  retries: number;
  /** @octokit/plugin-retry: the n-th retry waits n^2 x this many ms (default 1000). */
  retryBaseMs: number;
  /** Retries of a secondary rate limit (onSecondaryRateLimit answers true while fewer were made). */
  secondaryRetries: number;
  /** Retries of a primary rate limit (onRateLimit). */
  primaryRetries: number;
  /** plugin-throttling: a `retry-after` in seconds is waited as this many ms per second (default 1000). */
  retryAfterBaseMs: number;
}

export interface ThrottleCounts {
  secondaryLimits: number;
  primaryLimits: number;
  /** Secondary or primary limits given up on (the request then fails). */
  givenUp: number;
}

export function loadTestOctokit(settings: RetrySettings, counts: ThrottleCounts): typeof ProbotOctokit {
  const decide =
    (limit: number, count: 'secondaryLimits' | 'primaryLimits') =>
    (_retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number): boolean => {
      counts[count] += 1;
      if (retryCount < limit) return true;
      counts.givenUp += 1;
      return false;
    };
  // Probot's own defaults run first (its onSecondaryRateLimit never retries); these replace them.
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { ...(options.retry as object | undefined), enabled: true, retries: settings.retries, retryAfterBaseValue: settings.retryBaseMs },
    throttle: {
      ...(options.throttle as object | undefined),
      enabled: true,
      write: UNSPACED,
      notifications: UNSPACED,
      retryAfterBaseValue: settings.retryAfterBaseMs,
      onSecondaryRateLimit: decide(settings.secondaryRetries, 'secondaryLimits'),
      onRateLimit: decide(settings.primaryRetries, 'primaryLimits'),
    },
  })) as typeof ProbotOctokit;
}
