// One App replica for `npm run loadtest -- --replicas N`: a child process running the real App server
// (app/server.ts) with the environment the load test gives it (PEERS, SELF, PORT among it), the load
// test's Octokit, and the local GitHub's time. It says when it listens, answers the load test's
// questions over IPC, and exits when asked to or when the load test goes away.
//
// The local GitHub's clock stands still unless a scenario moves it, and the load test's scenario does
// not: LOADTEST_NOW (an ISO instant) is the time every replica runs at, as the in-process run shares the
// simulation's clock. LOADTEST_RETRY is the retry and throttling settings (scripts/loadtest/octokit.ts),
// as JSON. Only this script reads either; the App reads neither.
import { startServer, type RunningServer } from '../../app/server.js';
import { fixedClock } from '../../src/time/clock.js';
import { loadTestOctokit, type RetrySettings, type ThrottleCounts } from './octokit.js';

/** What the load test asks a replica at the end of a run. */
export interface ReplicaStats {
  /** Deliveries this replica answered itself, by outcome (handled, refused, error). */
  answered: Record<string, number>;
  /** Deliveries it passed on to their owner, by outcome (delivered, failed). */
  forwarded: Record<string, number>;
  /** Announcements of changed exception issues, by outcome (sent, failed, received, refused). */
  announcements: Record<string, number>;
  throttle: ThrottleCounts;
  /** Peak resident set size, MiB. */
  peakMiB: number;
}

export type ToReplica = { type: 'stats' } | { type: 'stop' };
export type FromReplica = { type: 'ready'; url: string } | { type: 'stats'; stats: ReplicaStats } | { type: 'failed'; message: string };

function send(message: FromReplica): void {
  process.send?.(message);
}

async function byLabel(running: RunningServer, name: string, label: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const metric = running.metrics.registry.getSingleMetric(name);
  if (!metric) return out;
  for (const value of (await metric.get()).values) {
    const key = String(value.labels[label] ?? '');
    out[key] = (out[key] ?? 0) + value.value;
  }
  return out;
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('replica.js is started by the load test (with an IPC channel), not by hand');
  const now = process.env.LOADTEST_NOW;
  const retry = JSON.parse(process.env.LOADTEST_RETRY ?? 'null') as RetrySettings | null;
  if (!now || !retry) throw new Error('LOADTEST_NOW and LOADTEST_RETRY must be set');
  const throttle: ThrottleCounts = { secondaryLimits: 0, primaryLimits: 0, givenUp: 0 };
  const running = await startServer({ env: process.env, clock: fixedClock(now), Octokit: loadTestOctokit(retry, throttle) });
  // Whatever happens to the load test, its replicas go with it.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ToReplica) => {
    if (message.type === 'stats') {
      void Promise.all([
        byLabel(running, 'assure_webhook_deliveries_total', 'outcome'),
        byLabel(running, 'assure_webhook_forwarded_total', 'outcome'),
        byLabel(running, 'assure_peer_announcements_total', 'outcome'),
      ]).then(([answered, forwarded, announcements]) =>
        send({ type: 'stats', stats: { answered, forwarded, announcements, throttle, peakMiB: process.resourceUsage().maxRSS / 1024 } }),
      );
    } else if (message.type === 'stop') {
      void running.close().then(() => process.exit(0));
    }
  });
  send({ type: 'ready', url: running.url });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
