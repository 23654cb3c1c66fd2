// The faults the load test found harmful, each placed exactly where it did harm (docs/reliability.md,
// "Found under load"): the real App server against the local GitHub. test/app/reliability.test.ts plays
// them as regression tests; by hand:
//
//   npm run build && node build/scripts/loadtest/repro.js [lost-recheck|duplicate-issue|stale-exemptions]
//
// Each prints what happened and whether the App got it right; the exit code is 1 if any is reproduced.
import { generateKeyPairSync } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { ProbotOctokit } from 'probot';
import { startServer, type RunningServer } from '../../app/server.js';
import { readRecord } from '../../github/exceptions/record.js';
import { createGitHubSim, type GitHubSim } from '../../sim/github.js';
import { deliver, issueCommentEvent, pullRequestEvent, type WebhookEvent } from '../../sim/webhooks.js';
import { loadTestOctokit } from './octokit.js';
import { recordSigning } from './scenario.js';
import { failingRepository } from '../support/example-repos.js';

const ORG = 'acme';
const EXCEPTIONS = `${ORG}/architecture`;
const SECRET = 'repro-secret';
const CONFIG = `exceptions:\n  repository: ${EXCEPTIONS}\ndeciders:\n  architecture: ${ORG}/architects\n`;
const REQUEST = '/exception GOV-mandated-notify minor\nReason: our SendGrid contract runs until February.\nUntil: 2027-02-28';
const APPROVE = '/approve until 2027-02-28';

interface Bench {
  sim: GitHubSim;
  server: RunningServer;
  send(event: WebhookEvent, id?: string): Promise<number>;
  comment(repo: string, number: number, author: string, body: string): WebhookEvent;
  /** Opens a failing pull request on acme/<name> and delivers pull_request.opened. */
  failingPull(name: string): Promise<number>;
  push(name: string, number: number): WebhookEvent;
  conclusion(name: string, number: number): string;
  issueFor(name: string): number | undefined;
  record(issue: number): { status: string; bound: boolean } | undefined;
  /** Delays the next response to the exception-issue list by `ms` after GitHub has answered it. */
  delayNextExceptionList(ms: number): void;
  close(): Promise<void>;
}

async function bench(): Promise<Bench> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const sim = await createGitHubSim({ now: '2026-11-23T09:00:00Z', appId: 4242, appSlug: 'assure', appPrivateKey: privateKey });
  sim.addRepo({ owner: ORG, name: '.github', files: { '.github/assure.yml': CONFIG } });
  sim.addRepo({ owner: ORG, name: 'architecture', files: { '.github/assure.yml': CONFIG } });
  sim.addTeamMember(ORG, 'architects', 'carol');
  let delay = 0;
  // The network between GitHub and the App: a response can arrive late, after GitHub has moved on.
  const lateFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = String(input instanceof Request ? input.url : input);
    if (delay > 0 && url.includes('/issues?') && url.includes('labels=')) {
      const ms = delay;
      delay = 0;
      const body = await response.text();
      await new Promise((resolve) => setTimeout(resolve, ms));
      return new Response(body, { status: response.status, headers: response.headers });
    }
    return response;
  };
  const Octokit = loadTestOctokit({ retries: 3, retryBaseMs: 20, secondaryRetries: 3, primaryRetries: 2, retryAfterBaseMs: 50 }, { secondaryLimits: 0, primaryLimits: 0, givenUp: 0 }).defaults(
    (options: Record<string, unknown>) => ({ ...options, request: { ...(options.request as object | undefined), fetch: lateFetch } }),
  );
  const signing = recordSigning();
  const server = await startServer({
    env: { APP_ID: '4242', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, ...signing.env, GITHUB_API_URL: sim.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    clock: sim.clock,
    Octokit: Octokit as typeof ProbotOctokit,
  });
  const key = signing.keys;
  const pulls = new Map<string, { branch: string; pushes: number }>();
  const send = (event: WebhookEvent, id?: string): Promise<number> => deliver(server.webhookUrl, { ...event, secret: SECRET, appId: 4242, ...(id ? { id } : {}) });
  const b: Bench = {
    sim,
    server,
    send,
    comment: (repo, number, author, body) => {
      const made = sim.addIssueComment({ repo, number, author, body, authorAssociation: 'MEMBER' }) as { id: number };
      return issueCommentEvent(sim, { commentId: made.id, action: 'created' });
    },
    failingPull: async (name) => {
      sim.addRepo({ owner: ORG, name, files: { '.github/assure.yml': CONFIG } });
      sim.setPermission(`${ORG}/${name}`, 'alice', 'write');
      const number = sim.openPullRequest({ repo: `${ORG}/${name}`, author: 'alice', head: 'sendgrid', files: failingRepository(ORG, name) }).number as number;
      pulls.set(`${name}#${number}`, { branch: 'sendgrid', pushes: 0 });
      await send(pullRequestEvent(sim, { repo: `${ORG}/${name}`, number, action: 'opened' }));
      return number;
    },
    push: (name, number) => {
      const pull = pulls.get(`${name}#${number}`)!;
      pull.pushes += 1;
      sim.pushCommit(`${ORG}/${name}`, pull.branch, { 'design.yml': `${failingRepository(ORG, name)['design.yml']}\n# revision ${pull.pushes}\n` });
      return pullRequestEvent(sim, { repo: `${ORG}/${name}`, number, action: 'synchronize' });
    },
    conclusion: (name, number) => {
      const head = sim.branchSha(`${ORG}/${name}`, pulls.get(`${name}#${number}`)!.branch);
      const run = sim.checkRuns(`${ORG}/${name}`, head).at(-1);
      return run ? `${run.conclusion ?? run.status} ("${run.output.title ?? ''}")` : 'no check run';
    },
    issueFor: (name) =>
      sim.issues(EXCEPTIONS).find((i) => {
        const read = readRecord(i.body, key, { repository: EXCEPTIONS, issue: i.number });
        return read.ok && read.record.design === `${ORG}/${name}` && read.record.issue === i.number;
      })?.number,
    record: (issue) => {
      const read = readRecord(b.sim.issue(EXCEPTIONS, issue).body, key, { repository: EXCEPTIONS, issue });
      return read.ok && read.record.type === 'exception' ? { status: read.record.status, bound: read.record.issue === issue } : undefined;
    },
    delayNextExceptionList: (ms) => {
      delay = ms;
    },
    close: async () => {
      await server.close();
      await sim.close();
    },
  };
  return b;
}

type Outcome = { reproduced: boolean; lines: string[] };

/** GitHub fails while an approval re-runs the design's checks: the delivery succeeds, the pull request stays red. */
async function lostRecheck(b: Bench): Promise<Outcome> {
  const pull = await b.failingPull('find-tutoring');
  await b.send(b.comment(`${ORG}/find-tutoring`, pull, 'alice', REQUEST));
  const issue = b.issueFor('find-tutoring')!;
  // The re-check lists the design's open pull requests first; GitHub answers 5xx four times (Probot retries 3).
  b.sim.injectFaults({ seed: 1, rate5xx: 1, limit: 4, only: (r) => r.operationId === 'pulls/list' });
  const approve = b.comment(EXCEPTIONS, issue, 'carol', APPROVE);
  const status = await b.send(approve, 'approve-1');
  b.sim.injectFaults(null);
  // GitHub would not redeliver a 200; even a manual redelivery finds the decision recorded and re-checks nothing.
  const redelivered = await b.send(approve, 'approve-1');
  const record = b.record(issue);
  const check = b.conclusion('find-tutoring', pull);
  return {
    reproduced: record?.status === 'approved' && !check.startsWith('success'),
    lines: [
      `/approve answered ${status}, redelivered (same id) answered ${redelivered}; record: ${record?.status}`,
      `the pull request's check at its head: ${check}`,
    ],
  };
}

/** GitHub fails right after the exception issue is created: the redelivery opens a second issue. */
async function duplicateIssue(b: Bench): Promise<Outcome> {
  const pull = await b.failingPull('find-tutoring');
  const ask = b.comment(`${ORG}/find-tutoring`, pull, 'alice', REQUEST);
  // The request creates the issue, then binds the record to its number with an update: that update fails 4 times.
  b.sim.injectFaults({ seed: 1, rate5xx: 1, limit: 4, only: (r) => r.operationId === 'issues/update' });
  const first = await b.send(ask, 'ask-1');
  b.sim.injectFaults(null);
  const again = await b.send(ask, 'ask-1');
  const issues = b.sim.issues(EXCEPTIONS).map((i) => ({ number: i.number, record: b.record(i.number) }));
  return {
    reproduced: issues.length > 1,
    lines: [
      `/exception answered ${first}, redelivered (same id) answered ${again}`,
      `exception issues for ${ORG}/find-tutoring: ${issues.map((i) => `#${i.number} (${i.record?.status ?? 'no record'}, ${i.record?.bound ? 'bound to its issue' : 'record not bound to an issue'})`).join(', ')}`,
    ],
  };
}

/**
 * An exception list read before an approval, arriving after it, is cached as current: later checks of the
 * design ignore the approval until the cache expires (60 s of the App's clock).
 */
async function staleExemptions(b: Bench): Promise<Outcome> {
  const x = await b.failingPull('service-x');
  const y = await b.failingPull('service-y');
  await b.send(b.comment(`${ORG}/service-x`, x, 'alice', REQUEST));
  await b.send(b.comment(`${ORG}/service-y`, y, 'alice', REQUEST));
  const issueY = b.issueFor('service-y')!;
  // A push to service-x is being checked; its read of the exception issues reaches the App 800 ms late.
  b.delayNextExceptionList(800);
  const pushX = b.send(b.push('service-x', x));
  await new Promise((resolve) => setTimeout(resolve, 150));
  const approved = await b.send(b.comment(EXCEPTIONS, issueY, 'carol', APPROVE));
  const right = b.conclusion('service-y', y);
  await pushX;
  await b.send(b.push('service-y', y));
  const after = b.conclusion('service-y', y);
  return {
    reproduced: !after.startsWith('success'),
    lines: [`/approve on service-y answered ${approved}; record ${b.record(issueY)?.status}; its re-check: ${right}`, `the next push to service-y, after the late read landed: ${after}`],
  };
}

export const CASES: Record<string, (b: Bench) => Promise<Outcome>> = { 'lost-recheck': lostRecheck, 'duplicate-issue': duplicateIssue, 'stale-exemptions': staleExemptions };

/** Plays one case on a fresh App and local GitHub. */
export async function playCase(name: string): Promise<Outcome & { rejected: number }> {
  const play = CASES[name];
  if (!play) throw new Error(`unknown case "${name}": one of ${Object.keys(CASES).join(', ')}`);
  const b = await bench();
  try {
    return { ...(await play(b)), rejected: b.sim.rejected.length };
  } finally {
    await b.close();
  }
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(CASES);
  let reproduced = 0;
  for (const name of names) {
    const play = CASES[name];
    if (!play) {
      console.error(`unknown case "${name}": one of ${Object.keys(CASES).join(', ')}`);
      return 2;
    }
    const b = await bench();
    try {
      const outcome = await play(b);
      if (outcome.reproduced) reproduced += 1;
      console.log(`${name}: ${outcome.reproduced ? 'REPRODUCED' : 'not reproduced (the App got it right)'}`);
      for (const line of outcome.lines) console.log(`  ${line}`);
      if (b.sim.rejected.length > 0) console.log(`  (${b.sim.rejected.length} requests refused by the OpenAPI check)`);
    } finally {
      await b.close();
    }
  }
  return reproduced > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
