// The one Octokit shape the GitHub layer uses. Probot's context.octokit and the client the Action and
// CLI build here are the same composition (REST methods, pagination, retry, throttling). The client built
// here also gives up on a request that gets no answer: after REQUEST_TIMEOUT_MS, or at once when the
// connection is refused, with no retries, as GitHubUnreachable.
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { RequestError } from '@octokit/request-error';
import nodeFetch from 'node-fetch';

/**
 * How long a request may wait for an answer. GitHub answers almost every request within a second or
 * two (and gives up on its own after 10 s); 8 s keeps an unreachable API's report, start-up included,
 * within 10 s.
 */
export const REQUEST_TIMEOUT_MS = 8_000;

/** The API could not be reached: the connection was refused, the name did not resolve, or no answer came. */
export class GitHubUnreachable extends Error {
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
  ) {
    super(`cannot reach the GitHub API at ${baseUrl}: ${reason}`);
  }
}

/** A request that got no answer at all (refused, unresolved, timed out), as opposed to an HTTP error. */
function unanswered(error: unknown): error is RequestError {
  return error instanceof RequestError && error.response === undefined;
}

/**
 * Registered before the retry plugin, so its hook sees a failed request first: one that got no answer is
 * not retried (the retry plugin's back-off, 1 + 4 + 9 s, would only delay saying the API is unreachable).
 */
function noRetryWithoutAnswer(octokit: Octokit): void {
  octokit.hook.error('request', (error, options) => {
    if (unanswered(error)) options.request = { ...options.request, retries: 0 };
    throw error;
  });
}

export const GitHubClient = Octokit.plugin(restEndpointMethods, paginateRest, noRetryWithoutAnswer, retry, throttling);

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
  /** How long a request may wait for an answer (default REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
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
  const baseUrl = options.baseUrl ?? 'https://api.github.com';
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const client = new GitHubClient({
    auth: options.token,
    baseUrl,
    userAgent: options.userAgent ?? 'assure',
    request: { fetch: withTimeout(timeoutMs) },
    retry: { enabled: retries, ...base },
    throttle: throttle as NonNullable<ConstructorParameters<typeof GitHubClient>[0]>['throttle'],
  });
  // Registered last, so it sees what is left once the plugins have retried what they retry.
  client.hook.error('request', (error) => {
    if (!unanswered(error)) throw error;
    const timedOut = (error.cause as { name?: unknown } | undefined)?.name === 'TimeoutError';
    throw new GitHubUnreachable(baseUrl, timedOut ? `no answer within ${timeoutMs / 1000} s` : error.message);
  });
  return client;
}

/**
 * Requests go through node-fetch (node:http underneath), not Node's global fetch: the global fetch's
 * first call loads undici, which costs a one-shot Action or CLI about 50 ms of its start.
 */
function withTimeout(ms: number): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      // Octokit passes each address as text (naming the global Request here would load undici).
      return (await nodeFetch(input instanceof URL ? input.href : (input as string), { ...init, signal })) as Response;
    } catch (error) {
      // node-fetch calls every abort an AbortError; a timeout is reported as the global fetch reports it.
      throw timeout.aborted ? (timeout.reason as Error) : error;
    }
  };
}
