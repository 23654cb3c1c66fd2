// How the local GitHub misbehaves on purpose: seeded faults (5xx, secondary rate limits, slow answers) and
// the primary rate limit per installation or token, counted on the simulation's clock.
import { seededRandom } from './random.js';
import type { Reply } from './routes/route.js';

export interface FaultSpec {
  seed: number;
  /** Share of requests answered with a 5xx (0..1). */
  rate5xx?: number;
  /** Share answered with a 403 secondary rate limit and `retry-after: 1`. */
  rateSecondaryLimit?: number;
  /** Share delayed by slowMs before being handled normally. */
  slowRate?: number;
  slowMs?: number;
  /** Stop after this many faults (e.g. 1: GitHub fails once, then recovers). Default unlimited. */
  limit?: number;
  /** Which requests may fail; default all. */
  only?: (request: { method: string; path: string; operationId: string }) => boolean;
}

export type Fault = { kind: 'server-error'; status: number } | { kind: 'secondary-rate-limit' } | { kind: 'slow'; ms: number };

const SECONDARY_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID ';

export function createFaults() {
  let faults: { spec: FaultSpec; next: () => number; injected: number } | undefined;

  const inject = (spec: FaultSpec | null): void => {
    faults = spec ? { spec, next: seededRandom(spec.seed), injected: 0 } : undefined;
  };

  // Three draws per eligible request, whatever happens, so a seed gives the same faults for the same requests.
  const choose = (request: { method: string; path: string; operationId: string }): Fault | undefined => {
    if (!faults) return undefined;
    const { spec, next } = faults;
    if (spec.limit !== undefined && faults.injected >= spec.limit) return undefined;
    if (spec.only && !spec.only(request)) return undefined;
    const roll = next();
    const slowRoll = next();
    const pick = next();
    const rate5xx = spec.rate5xx ?? 0;
    let fault: Fault | undefined;
    if (roll < rate5xx) fault = { kind: 'server-error', status: [500, 502, 503][Math.floor(pick * 3)] ?? 502 };
    else if (roll < rate5xx + (spec.rateSecondaryLimit ?? 0)) fault = { kind: 'secondary-rate-limit' };
    else if (slowRoll < (spec.slowRate ?? 0) && (spec.slowMs ?? 0) > 0) fault = { kind: 'slow', ms: spec.slowMs ?? 0 };
    if (fault) faults.injected += 1;
    return fault;
  };

  return { inject, choose };
}

/** GitHub's answer for a fault that fails the request (a slow one is answered normally, later). */
export function faultReply(fault: Exclude<Fault, { kind: 'slow' }>, requestId: string): Reply {
  if (fault.kind === 'server-error') {
    const status = fault.status;
    return { status, body: { message: status === 500 ? 'Server Error' : status === 502 ? 'Bad Gateway' : 'Service Unavailable' } };
  }
  return {
    status: 403,
    body: { message: `${SECONDARY_LIMIT_MESSAGE}${requestId}.`, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits', status: '403' },
    headers: { 'retry-after': '1' },
  };
}

/**
 * The primary rate limit: requests per key (installation, App or token) per hour of `now()`. With no
 * `limit` the headers report GitHub's 5000 and nothing is refused.
 */
export function createRateLimits(now: () => Date, limit: number | undefined) {
  const usage = new Map<string, { window: number; used: number }>();
  return (key: string): { headers: Record<string, string>; exceeded: boolean } => {
    const reported = limit ?? 5000;
    const window = Math.floor(now().getTime() / 3_600_000);
    let record = usage.get(key);
    if (!record || record.window !== window) {
      record = { window, used: 0 };
      usage.set(key, record);
    }
    const exceeded = limit !== undefined && record.used >= reported;
    if (!exceeded) record.used += 1;
    return {
      exceeded,
      headers: {
        'x-ratelimit-limit': String(reported),
        'x-ratelimit-remaining': String(Math.max(0, reported - record.used)),
        'x-ratelimit-reset': String((window + 1) * 3600),
        'x-ratelimit-used': String(record.used),
        'x-ratelimit-resource': 'core',
      },
    };
  };
}
