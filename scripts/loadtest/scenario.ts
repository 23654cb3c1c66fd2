// The organisation the load test plays against, and the events it sends: design repositories with pull
// requests (compliant and failing), pushes delivered as pull_request.synchronize (some in bursts for one
// pull request), /exception comments on failing pull requests, then /approve comments by architects in
// the exception issues the App opened.
import { generateKeyPairSync } from 'node:crypto';
import { readRecord, type RecordKeys } from '../../github/exceptions/record.js';
import { keyring, parseSigningKey } from '../../github/signing.js';
import type { GitHubSim } from '../../sim/github.js';
import { issueCommentEvent, pullRequestEvent, type WebhookEvent } from '../../sim/webhooks.js';
import { prng, type Driver } from './driver.js';
import { compliantRepository, failingRepository } from '../support/example-repos.js';

export const ORG = 'acme-gov';
export const EXCEPTIONS = `${ORG}/architecture`;

/** The App's record signing key for a run: a fresh Ed25519 key, given to the server as its environment. */
export function recordSigning(): { env: Record<string, string>; keys: RecordKeys } {
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const signing = parseSigningKey(pem, 'loadtest');
  return { env: { ASSURE_SIGNING_KEY: pem, ASSURE_SIGNING_KEY_ID: 'loadtest' }, keys: { signing, ring: keyring({ signing }) } };
}
export const ARCHITECTS_TEAM = `${ORG}/architects`;
export const ARCHITECTS = ['carol', 'dave', 'erin'];
export const ARTEFACT = 'GOV-mandated-notify';
export const APPROVE_UNTIL = '2027-02-28';
export const NOW = '2026-11-23T09:00:00Z';

const CONFIG = `# assure's configuration (load test)
exceptions:
  repository: ${EXCEPTIONS}
deciders:
  architecture: ${ARCHITECTS_TEAM}
  forum: ${ORG}/design-forum
`;

const REQUEST = `/exception ${ARTEFACT} minor
Reason: our SendGrid contract runs until the end of February; moving to GOV.UK Notify is planned for March.
Until: ${APPROVE_UNTIL}
Conditions:
- no personal data in emails sent through SendGrid`;

export interface Pull {
  repo: string;
  number: number;
  branch: string;
  author: string;
  failing: boolean;
  /** design.yml as first pushed; each push appends a comment line, so the design itself never changes. */
  design: string;
  pushes: number;
}

/** A comment the load test posted that carries a command: each must be answered exactly once. */
export interface Command {
  repo: string;
  number: number;
  commentId: number;
  author: string;
  kind: 'exception' | 'approve';
  /** An approval by a decider who may approve (the requester's own attempt is refused). */
  byDecider?: boolean;
}

export interface World {
  repos: string[];
  pulls: Pull[];
  commands: Command[];
}

export interface ScenarioOptions {
  repos: number;
  pullsPerRepo: number;
  /** Rounds of pushes after the pull requests open. */
  rounds: number;
  /** Share of pull requests that get a burst (3-5 pushes, delivered at once) in a round. */
  burstRate: number;
  seed: number;
}

export function seed(sim: GitHubSim, options: ScenarioOptions): World {
  sim.addRepo({ owner: ORG, name: '.github', files: { '.github/assure.yml': CONFIG } });
  sim.addRepo({ owner: ORG, name: 'architecture', files: { 'README.md': '# Architecture\n', '.github/assure.yml': CONFIG } });
  for (const login of ARCHITECTS) sim.addTeamMember(ORG, 'architects', login);
  sim.addTeamMember(ORG, 'design-forum', 'grace');
  const repos: string[] = [];
  const pulls: Pull[] = [];
  for (let r = 1; r <= options.repos; r++) {
    const name = `service-${String(r).padStart(2, '0')}`;
    const repo = `${ORG}/${name}`;
    repos.push(repo);
    sim.addRepo({ owner: ORG, name, files: { 'README.md': `# ${name}\n`, '.github/assure.yml': CONFIG } });
    const author = `dev-${String(r).padStart(2, '0')}`;
    sim.setPermission(repo, author, 'write');
    for (let p = 0; p < options.pullsPerRepo; p++) {
      // The first pull request of each repository fails; of the others, every other one in even repositories.
      const failing = p === 0 || (p % 2 === 0 && r % 2 === 0);
      const branch = `change-${p + 1}`;
      const files = failing ? failingRepository(ORG, name) : compliantRepository(ORG, name);
      const design = files['design.yml']!;
      const pr = sim.openPullRequest({ repo, author, head: branch, title: `Change ${p + 1}`, files });
      pulls.push({ repo, number: pr.number as number, branch, author, failing, design, pushes: 0 });
    }
  }
  return { repos, pulls, commands: [] };
}

function push(sim: GitHubSim, pull: Pull): WebhookEvent {
  pull.pushes += 1;
  sim.pushCommit(pull.repo, pull.branch, { 'design.yml': `${pull.design}\n# revision ${pull.pushes}\n` }, { author: pull.author, message: `Revision ${pull.pushes}` });
  return pullRequestEvent(sim, { repo: pull.repo, number: pull.number, action: 'synchronize' });
}

function comment(sim: GitHubSim, world: World, target: { repo: string; number: number }, author: string, body: string, kind: Command['kind'], byDecider?: boolean): WebhookEvent {
  const made = sim.addIssueComment({ repo: target.repo, number: target.number, author, body, authorAssociation: 'MEMBER' }) as { id: number };
  world.commands.push({ repo: target.repo, number: target.number, commentId: made.id, author, kind, ...(byDecider === undefined ? {} : { byDecider }) });
  return issueCommentEvent(sim, { commentId: made.id, action: 'created' });
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Phase 1: every pull request opens, then rounds of pushes (a share in bursts of 3-5 delivered at once);
 * in the second round each failing pull request's author asks for an exception (sometimes in the same
 * burst as a push).
 */
export async function playPullRequests(sim: GitHubSim, world: World, driver: Driver, options: ScenarioOptions, progress: (round: number) => void): Promise<void> {
  const random = prng(options.seed ^ 0x5eed);
  for (const pull of shuffled(world.pulls, random)) {
    await driver.send(() => [pullRequestEvent(sim, { repo: pull.repo, number: pull.number, action: 'opened' })]);
  }
  progress(0);
  for (let round = 1; round < options.rounds; round++) {
    for (const pull of shuffled(world.pulls, random)) {
      const burst = random() < options.burstRate ? 3 + Math.floor(random() * 3) : 1;
      const ask = round === 1 && pull.failing;
      const together = ask && random() < 0.5;
      await driver.send(() => {
        const events = Array.from({ length: burst }, () => push(sim, pull));
        if (together) events.push(comment(sim, world, pull, pull.author, REQUEST, 'exception'));
        return events;
      });
      if (ask && !together) await driver.send(() => [comment(sim, world, pull, pull.author, REQUEST, 'exception')]);
    }
    progress(round);
  }
}

/** The exception issues the App opened, by design repository (found from their signed records). */
export function exceptionIssues(sim: GitHubSim, recordKey: RecordKeys): Map<string, { number: number; requester: string }[]> {
  const found = new Map<string, { number: number; requester: string }[]>();
  for (const issue of sim.issues(EXCEPTIONS)) {
    if (issue.user !== sim.botLogin) continue;
    const read = readRecord(issue.body, recordKey, { repository: EXCEPTIONS, issue: issue.number });
    if (!read.ok || read.record.type !== 'exception') continue;
    const list = found.get(read.record.design) ?? [];
    list.push({ number: issue.number, requester: read.record.requester });
    found.set(read.record.design, list);
  }
  return found;
}

/**
 * Phase 2: an architect approves each exception issue. On a quarter of them the requester tries to
 * approve at the same moment (refused); on another quarter a second architect approves at the same
 * moment (the second finds it approved already).
 */
export async function playApprovals(sim: GitHubSim, world: World, driver: Driver, recordKey: RecordKeys, options: ScenarioOptions): Promise<number> {
  const random = prng(options.seed ^ 0xa991);
  const issues = [...exceptionIssues(sim, recordKey).values()].flat();
  const approve = `/approve until ${APPROVE_UNTIL}\nConditions:\n- report progress at the March show and tell`;
  for (const [i, issue] of shuffled(issues, random).entries()) {
    const target = { repo: EXCEPTIONS, number: issue.number };
    const architect = ARCHITECTS[i % ARCHITECTS.length]!;
    const extra = random();
    await driver.send(() => {
      const events = [comment(sim, world, target, architect, approve, 'approve', true)];
      if (extra < 0.25) events.push(comment(sim, world, target, issue.requester, approve, 'approve', false));
      else if (extra < 0.5) events.push(comment(sim, world, target, ARCHITECTS[(i + 1) % ARCHITECTS.length]!, approve, 'approve', true));
      return events;
    });
  }
  return issues.length;
}

/** Phase 3: the teams keep working: one more push to every pull request, now that every design has its exemption. */
export async function playPushesAfterApproval(sim: GitHubSim, world: World, driver: Driver, options: ScenarioOptions): Promise<void> {
  const random = prng(options.seed ^ 0x9a55);
  for (const pull of shuffled(world.pulls, random)) await driver.send(() => [push(sim, pull)]);
}
