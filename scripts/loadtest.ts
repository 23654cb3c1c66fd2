// `npm run loadtest`: the real App server (app/server.ts) over HTTP against the local GitHub (sim/), with
// GitHub failing on a fixed seed (5xx, secondary rate limits, slow answers), fed thousands of signed
// webhooks: pull requests opening and being pushed to (some in bursts for one pull request), exception
// requests, approvals, duplicate deliveries and redeliveries of failed ones. Then it checks that nothing
// was done twice, lost or left hanging, prints the figures, and exits non-zero if an invariant broke.
// With --replicas N (N > 1) the App runs as N processes that know each other (PEERS), behind a
// round-robin balancer on loopback, so a delivery and its concurrent duplicate reach different replicas.
import { generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startServer, WEBHOOK_PATH, type RunningServer } from '../app/server.js';
import { createGitHubSim, type FaultSpec, type GitHubSim } from '../sim/github.js';
import { pullRequestEvent } from '../sim/webhooks.js';
import { Driver, type DriverOptions } from './loadtest/driver.js';
import { UNFINISHED, checkInvariants, greenAtHeads, type Invariant } from './loadtest/invariants.js';
import { loadTestOctokit, type RetrySettings, type ThrottleCounts } from './loadtest/octokit.js';
import { startBalancer, type Balancer } from './loadtest/balancer.js';
import { startReplicas, type Replicas } from './loadtest/replicas.js';
import type { ReplicaStats } from './loadtest/replica.js';
import { NOW, playApprovals, playPullRequests, playPushesAfterApproval, recordSigning, seed, type ScenarioOptions } from './loadtest/scenario.js';

const { values: args } = parseArgs({
  options: {
    repos: { type: 'string', default: '40' },
    rounds: { type: 'string', default: '12' },
    seed: { type: 'string', default: '20261123' },
    concurrency: { type: 'string', default: '24' },
    retries: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '480' },
    replicas: { type: 'string', default: '1' },
    quiet: { type: 'boolean', default: false },
  },
});

for (const name of ['repos', 'rounds', 'seed', 'concurrency', 'retries', 'timeout', 'replicas'] as const) {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < (name === 'retries' ? 0 : 1)) {
    console.error(`loadtest: --${name} must be a whole number${name === 'retries' ? '' : ' above 0'}, not "${args[name]}"`);
    process.exit(2);
  }
}

const SECRET = 'loadtest-webhook-secret';
const APP_ID = 4242;
const SEED = Number(args.seed);
const scenario: ScenarioOptions = { repos: Number(args.repos), pullsPerRepo: 3, rounds: Number(args.rounds), burstRate: 0.15, seed: SEED };
const faults: FaultSpec = { seed: SEED, rate5xx: 0.03, rateSecondaryLimit: 0.01, slowRate: 0.02, slowMs: 200 };
const retry: RetrySettings = { retries: Number(args.retries), retryBaseMs: 20, secondaryRetries: 3, primaryRetries: 2, retryAfterBaseMs: 50 };
const driving: Omit<DriverOptions, 'webhookUrl'> = { secret: SECRET, appId: APP_ID, concurrency: Number(args.concurrency), duplicateRate: 0.1, maxAttempts: 5, redeliverAfterMs: 100, seed: SEED };
const TIMEOUT_S = Number(args.timeout);
const REPLICAS = Number(args.replicas);

const log = (line = ''): void => console.log(line);
const progress = (line: string): void => {
  if (!args.quiet) console.log(`  .. ${line}`);
};
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function settings(): string[] {
  const exhaust = faults.rate5xx! ** (retry.retries + 1);
  return [
    'Settings (and why):',
    `  GitHub faults, seed ${faults.seed}: ${faults.rate5xx! * 100}% of requests answered 500/502/503, ${faults.rateSecondaryLimit! * 100}% a 403 secondary rate limit`,
    `    (retry-after: 1), ${faults.slowRate! * 100}% delayed ${faults.slowMs} ms. A faulted request changes nothing, as on GitHub. Which request`,
    '    gets a fault follows from the seed and the order requests arrive in, which concurrency varies a little.',
    "  The App's Octokit is Probot's, with its retry and throttling plugins on. Changed, and why:",
    '    - plugin-throttling admits writes 1 s apart and notifying writes (comments, issues) 3 s apart, process-wide:',
    '      right for github.com (about 80 writes a minute), hours for this run. Its write and notifications limiters are',
    "      replaced by the pass-through the Action's client uses (UNSPACED, github/client.ts). Its global limiter",
    '      (10 requests in flight) and its secondary-rate-limit handling are kept.',
    `    - onSecondaryRateLimit retries ${retry.secondaryRetries} times (as the App's own Octokit does: app/octokit.ts), onRateLimit ${retry.primaryRetries} times;`,
    `      a retry-after of 1 s is waited ${retry.retryAfterBaseMs} ms.`,
    `    - plugin-retry: ${retry.retries} retr${retry.retries === 1 ? 'y' : 'ies'} of a 5xx, the n-th after n^2 x ${retry.retryBaseMs} ms (Probot: 3, after 1, 4 and 9 s). A request`,
    `      fails for good with p = ${exhaust.toExponential(1)}; then the App answers 5xx and the delivery is redelivered.${retry.retries >= 3 ? ' (--retries 1 makes that' : ''}`,
    ...(retry.retries >= 3 ? ['      happen a few times a run, to exercise redelivery: see docs/reliability.md.)'] : []),
    `  Deliveries: at most ${driving.concurrency} in flight; ${driving.duplicateRate * 100}% sent twice with the same X-GitHub-Delivery (half at the same moment,`,
    `    half at the end of the phase); one answered other than 2xx is redelivered after ${driving.redeliverAfterMs} ms, ${driving.maxAttempts} attempts in all.`,
    `  Organisation: ${scenario.repos} design repositories x ${scenario.pullsPerRepo} pull requests; ${scenario.rounds - 1} rounds of pushes after they open; in each`,
    `    round ${scenario.burstRate * 100}% of pull requests get 3-5 pushes whose events are delivered at the same moment.`,
    ...(REPLICAS > 1
      ? [
          `  Replicas: ${REPLICAS} App processes (each app/server.ts with the same environment and Octokit, PEERS listing all ${REPLICAS}),`,
          '    behind a round-robin TCP balancer on loopback: each delivery opens a connection, so consecutive deliveries (a',
          '    delivery and its concurrent duplicate too) reach different replicas. Each repository is handled by the replica that',
          '    owns it; the others pass its deliveries on (app/peers.ts). Every replica runs at the local GitHub\'s time.',
        ]
      : []),
    `  Hard timeout: ${TIMEOUT_S} s.`,
  ];
}

/** Waits until the local GitHub has seen no request for `quietMs` (work after a 202 "still processing"). */
async function settle(sim: GitHubSim, quietMs: number, maxMs: number): Promise<void> {
  const start = Date.now();
  let seen = sim.requests.length;
  let since = Date.now();
  while (Date.now() - start < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (sim.requests.length !== seen) {
      seen = sim.requests.length;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const sim = await createGitHubSim({ now: NOW, appId: APP_ID, appSlug: 'assure', appPrivateKey: privateKey });
  const counts: ThrottleCounts = { secondaryLimits: 0, primaryLimits: 0, givenUp: 0 };
  let server: RunningServer | undefined;
  let replicas: Replicas | undefined;
  let balancer: Balancer | undefined;
  const abort = setTimeout(() => {
    console.error(`\nloadtest: ABORTED after ${TIMEOUT_S} s (the hard timeout): ${sim.requests.length} GitHub requests so far. Something is hung or far too slow.`);
    process.exit(2);
  }, TIMEOUT_S * 1000);
  try {
    log(`assure load test: the App server${REPLICAS > 1 ? ` (${REPLICAS} replicas)` : ''} over HTTP against the local GitHub, Node ${process.version}`);
    log();
    for (const line of settings()) log(line);
    log();
    const world = seed(sim, scenario);
    const signing = recordSigning();
    const env = { APP_ID: String(APP_ID), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, ...signing.env, GITHUB_API_URL: sim.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' as const };
    let webhookUrl: string;
    if (REPLICAS > 1) {
      replicas = await startReplicas({ count: REPLICAS, env, now: sim.clock.now().toISOString(), retry });
      balancer = await startBalancer(replicas.ports);
      webhookUrl = `${balancer.url}${WEBHOOK_PATH}`;
      progress(`${REPLICAS} replicas listening at ${replicas.urls.join(', ')}; the balancer at ${balancer.url}`);
    } else {
      server = await startServer({ env, clock: sim.clock, Octokit: loadTestOctokit(retry, counts) });
      webhookUrl = server.webhookUrl;
    }
    const recordKey = signing.keys;
    const driver = new Driver({ ...driving, webhookUrl });
    sim.injectFaults(faults);
    const loadStart = performance.now();

    log(`Phase 1: ${world.pulls.length} pull requests open and are pushed to; failing ones ask for exceptions`);
    await playPullRequests(sim, world, driver, scenario, (round) => progress(`round ${round} sent (${driver.stats.posts} answered so far, ${seconds(performance.now() - loadStart)})`));
    await driver.drain();
    await driver.sendLateDuplicates();
    await settle(sim, 300, 15_000);
    const phase1 = performance.now() - loadStart;
    progress(`phase 1 done in ${seconds(phase1)}`);

    log('Phase 2: architects approve the exception issues (some with a second approver or the requester at the same moment)');
    const approvedIssues = await playApprovals(sim, world, driver, recordKey, scenario);
    await driver.drain();
    await driver.sendLateDuplicates();
    await settle(sim, 300, 15_000);
    const phase2 = performance.now() - loadStart - phase1;
    progress(`phase 2 done: ${approvedIssues} issues in ${seconds(phase2)}`);
    const afterApprovals = greenAtHeads(sim, world, driver.stats, 'every pull request green right after the approvals (each approval re-ran its design\'s checks)');

    log('Phase 3: one more push to every pull request');
    await playPushesAfterApproval(sim, world, driver, scenario);
    await driver.drain();
    await driver.sendLateDuplicates();
    await settle(sim, 300, 15_000);
    const loadMs = performance.now() - loadStart;
    const afterPushes = greenAtHeads(sim, world, driver.stats, 'every pull request green after one more push (no stale exemptions)');
    sim.injectFaults(null);
    const faultRequests = sim.requests.length;
    const faultCounts = new Map<string, number>();
    for (const r of sim.requests) if (r.fault) faultCounts.set(r.fault, (faultCounts.get(r.fault) ?? 0) + 1);

    // A typical warm pull request event, faults off: one push to a pull request checked many times already.
    const warm: Array<{ what: string; requests: number; ops: string[] }> = [];
    for (const pull of [world.pulls.find((p) => p.failing)!, world.pulls.find((p) => !p.failing)!]) {
      pull.pushes += 1;
      sim.pushCommit(pull.repo, pull.branch, { 'design.yml': `${pull.design}\n# revision ${pull.pushes}\n` }, { author: pull.author });
      const before = sim.requests.length;
      const t0 = performance.now();
      const status = await driver.deliverNow(pullRequestEvent(sim, { repo: pull.repo, number: pull.number, action: 'synchronize' }));
      const ms = performance.now() - t0;
      const made = sim.requests.slice(before);
      warm.push({ what: `${pull.failing ? 'exempted (was failing)' : 'compliant'} ${pull.repo}#${pull.number}, answered ${status} in ${ms.toFixed(0)} ms`, requests: made.length, ops: made.map((r) => r.operationId ?? `${r.method} ${r.path}`) });
    }

    const invariants: Invariant[] = checkInvariants(sim, world, driver.stats, recordKey, [afterApprovals, afterPushes]);
    const perReplica: ReplicaStats[] = replicas ? await replicas.stats() : [];
    for (const r of perReplica) for (const key of Object.keys(counts) as Array<keyof ThrottleCounts>) counts[key] += r.throttle[key];
    const s = driver.stats;
    const times = [...s.times].sort((a, b) => a - b);
    const peak = process.resourceUsage().maxRSS / 1024;
    const statuses = [...s.statuses].sort(([a], [b]) => a - b).map(([k, v]) => `${k === 0 ? 'no answer' : k}: ${v}`).join(', ');
    log();
    log('Results');
    log(`  deliveries:        ${s.posts} POSTs = ${s.originals} distinct deliveries + ${s.duplicates} duplicates (${s.concurrentDuplicates} sent at the same moment as the original) + ${s.redeliveries} redeliveries`);
    log(`    by event:        ${[...s.byEvent].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    log(`    bursts:          ${s.bursts} moments when 2-6 events for one pull request or issue were delivered at once (${s.burstEvents} events)`);
    log(`    answers:         ${statuses}${s.abandoned.length > 0 ? `; ${s.abandoned.length} never accepted` : ''}`);
    log(`  faults injected:   ${faultCounts.get('server-error') ?? 0} 5xx, ${faultCounts.get('secondary-rate-limit') ?? 0} secondary rate limits, ${faultCounts.get('slow') ?? 0} slow; in ${faultRequests} GitHub requests`);
    log(`    App side:        ${counts.secondaryLimits} secondary limits seen by plugin-throttling (${counts.givenUp} given up), ${s.redeliveries} redeliveries after the App answered non-2xx`);
    const runs = world.repos.flatMap((repo) => sim.checkRuns(repo));
    const unfinished = runs.filter((r) => UNFINISHED.has(r.output.title ?? '')).length;
    log(`  check runs:        ${runs.length} (${runs.filter((r) => r.conclusion === 'success').length} success, ${runs.filter((r) => r.conclusion === 'failure').length} failure, of which ${unfinished} "could not finish" because GitHub kept failing)`);
    log(`  wall time:         ${seconds(loadMs)} under load (phase 1 ${seconds(phase1)}, phase 2 ${seconds(phase2)}, phase 3 ${seconds(loadMs - phase1 - phase2)}); ${seconds(performance.now() - started)} in all`);
    log(`  throughput:        ${((s.posts / loadMs) * 1000).toFixed(1)} deliveries/s, ${((faultRequests / loadMs) * 1000).toFixed(0)} GitHub requests/s`);
    log(`  handling time:     p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, p99 ${percentile(times, 99).toFixed(0)} ms, max ${percentile(times, 100).toFixed(0)} ms (POST to response)`);
    for (const w of warm) log(`  warm PR event:     ${w.requests} GitHub requests (target <= 8) for a push to ${/^[aeiou]/.test(w.what) ? 'an' : 'a'} ${w.what}: ${w.ops.join(', ')}`);
    log(`  requests per warm pull request event (with evidence): ${Math.max(...warm.map((w) => w.requests))}`);
    const logMiB = Buffer.byteLength(JSON.stringify(sim.requests)) / 1024 / 1024;
    if (perReplica.length > 0) {
      const sum = (o: Record<string, number>): number => Object.values(o).reduce((a, b) => a + b, 0);
      log(`  replicas:          ${perReplica.length} App processes behind a round-robin balancer (connections ${balancer!.connections.join(' / ')})`);
      for (const [i, r] of perReplica.entries()) {
        const answered = Object.entries(r.answered).map(([k, v]) => `${v} ${k}`).join(', ') || 'none';
        const forwarded = Object.entries(r.forwarded).map(([k, v]) => `${v} ${k}`).join(', ') || 'none';
        log(`    replica ${i}:       handled ${sum(r.answered)} deliveries here (${answered}); passed ${sum(r.forwarded)} on to their owner (${forwarded});`);
        log(`                     announcements ${Object.entries(r.announcements).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}; peak RSS ${r.peakMiB.toFixed(0)} MiB`);
      }
      log(`  peak RSS:          ${peak.toFixed(0)} MiB for the load test's own process (the local GitHub and the load generator; the local`);
      log(`                     GitHub keeps every request with its body, ${logMiB.toFixed(0)} MiB as JSON), the replicas as above`);
    } else {
      log(`  peak RSS:          ${peak.toFixed(0)} MiB, for one process holding the App server, the local GitHub and the load generator (the local`);
      log(`                     GitHub keeps every request with its body, ${logMiB.toFixed(0)} MiB as JSON, and every check run with its report)`);
    }
    log();
    log('Invariants');
    for (const i of invariants) log(`  ${i.ok ? 'ok  ' : 'FAIL'} ${i.name}: ${i.detail}`);
    const broken = invariants.filter((i) => !i.ok);
    const warmTooMany = warm.filter((w) => w.requests > 8);
    log();
    if (broken.length === 0 && warmTooMany.length === 0) log(`Every invariant holds (${invariants.length}).`);
    else {
      if (broken.length > 0) log(`${broken.length} invariant(s) broken: ${broken.map((b) => b.name).join('; ')}`);
      if (warmTooMany.length > 0) log(`A warm pull request event made more than 8 GitHub requests.`);
    }
    return broken.length === 0 && warmTooMany.length === 0 ? 0 : 1;
  } finally {
    clearTimeout(abort);
    await server?.close();
    await replicas?.stop();
    await balancer?.close();
    await sim.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`loadtest: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
