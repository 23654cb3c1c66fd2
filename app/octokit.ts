// The App's Octokit: Probot's own, except that a secondary rate limit is waited out and retried (Probot's
// default handler gives up at once, which would fail the whole delivery), and a primary limit too when
// the reset is near. Writes stay spaced as GitHub asks.
import { ProbotOctokit } from 'probot';

/** Retries of a secondary rate limit before a request fails. */
export const SECONDARY_RETRIES = 3;
/** A primary limit is waited for only when it resets within this many seconds. */
export const PRIMARY_WAIT_S = 60;

export const AppOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: {
    ...(options.throttle as object | undefined),
    onSecondaryRateLimit: (_retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < SECONDARY_RETRIES,
    onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 1 && retryAfter <= PRIMARY_WAIT_S,
  },
})) as typeof ProbotOctokit;
