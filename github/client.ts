// The one Octokit shape the GitHub layer uses. Probot's context.octokit and the client the Action and
// CLI build here are the same composition (REST methods, pagination, retry, throttling).
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export const GitHubClient = Octokit.plugin(restEndpointMethods, paginateRest, retry, throttling);

export type GitHub = Pick<InstanceType<typeof GitHubClient>, 'rest' | 'paginate' | 'request'>;

export interface ClientOptions {
  token: string;
  baseUrl?: string;
  /** Retries on 5xx and rate limits; tests turn them off to see single requests. */
  retries?: boolean;
  /**
   * Space writes out as GitHub's secondary limits ask (1 s, 3 s for those that notify people; default
   * true). Against the local GitHub, which has no such limits, tests and the demo turn it off and keep
   * the retries; `retryBaseMs` then shortens the waits between them.
   */
  spacing?: boolean;
  retryBaseMs?: number;
  userAgent?: string;
}

/** A limiter in the throttling plugin's shape that runs every job at once. */
export const UNSPACED = { key: () => ({ schedule: <T>(_options: unknown, job: (...args: unknown[]) => T, ...args: unknown[]): T => job(...args) }) };

export function createClient(options: ClientOptions): InstanceType<typeof GitHubClient> {
  const retries = options.retries ?? true;
  const unspaced = options.spacing === false ? { write: UNSPACED, notifications: UNSPACED } : {};
  const base = options.retryBaseMs !== undefined ? { retryAfterBaseValue: options.retryBaseMs } : {};
  // The plugin merges these options into its state: `write` and `notifications` replace its limiters.
  const throttle = {
    enabled: retries,
    ...unspaced,
    ...base,
    onRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 2,
    onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 2,
  };
  return new GitHubClient({
    auth: options.token,
    baseUrl: options.baseUrl ?? 'https://api.github.com',
    userAgent: options.userAgent ?? 'assure',
    retry: { enabled: retries, ...base },
    throttle: throttle as NonNullable<ConstructorParameters<typeof GitHubClient>[0]>['throttle'],
  });
}
