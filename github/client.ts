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
  userAgent?: string;
}

export function createClient(options: ClientOptions): InstanceType<typeof GitHubClient> {
  const retries = options.retries ?? true;
  return new GitHubClient({
    auth: options.token,
    baseUrl: options.baseUrl ?? 'https://api.github.com',
    userAgent: options.userAgent ?? 'assure',
    retry: { enabled: retries },
    throttle: {
      enabled: retries,
      onRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 2,
      onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 2,
    },
  });
}
