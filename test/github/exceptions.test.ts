// Exceptions end to end against the local GitHub: asked for on a pull request, decided in the exception
// issue by the right people only, displayed by labels that nobody else can change, and applied to the check.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onIssueComment, onIssues, onPullRequest, onPullRequestClosed, onRequestedAction } from '../../github/handlers.js';
import { loadExemptions, exemptionCache } from '../../github/exceptions/store.js';
import { readRecord, type ExceptionRecord } from '../../github/exceptions/record.js';
import { loadConfig } from '../../github/config/load.js';
import { createClient } from '../../github/client.js';
import { checkRunEvent, issueCommentEvent, issuesEvent, pullRequestEvent } from '../../sim/webhooks.js';
import { BETA, BETA_TREE, startHarness, type Harness } from './harness.js';
import { testKeys } from '../keys.js';

const CONFIG = `exceptions:
  repository: acme/architecture
deciders:
  architecture: acme/architects
  forum: acme/forum
  deputy_directors: acme/deputies
  board: acme/board
areas:
  teaching-workforce: acme/teaching-workforce
`;
const ARTEFACT = 'GOV-mandated-notify';
const REQUEST = `/exception ${ARTEFACT} minor
Reason: our SendGrid contract runs until March; Notify is planned after it.
Until: 2027-03-31
Conditions:
- no personal data in emails
- move to Notify by the renewal`;

let h: Harness;
let pull: number;
beforeEach(async () => {
  h = await startHarness({ now: '2026-11-22T10:00:00Z' });
  exemptionCache.clear();
  // The organisation's configuration decides; the repositories repeat it, which changes nothing.
  h.sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': CONFIG } });
  h.sim.addRepo({ owner: 'acme', name: 'app', files: { '.github/assure.yml': CONFIG, 'README.md': '# app\n' } });
  h.sim.setPermission('acme/app', 'alice', 'write');
  h.sim.addRepo({ owner: 'acme', name: 'architecture', files: { '.github/assure.yml': CONFIG, 'README.md': '# standards\n' } });
  for (const login of ['carol', 'dave']) h.sim.addTeamMember('acme', 'architects', login);
  for (const login of ['erin', 'frank']) h.sim.addTeamMember('acme', 'forum', login);
  h.sim.addTeamMember('acme', 'architects', 'pat', 'pending');
  // The requester is an architect too: being in the team does not let anyone approve their own exception.
  h.sim.addTeamMember('acme', 'architects', 'alice');
  pull = h.sim.openPullRequest({ repo: 'acme/app', author: 'dev', head: 'feature', files: { ...BETA_TREE, 'design.yml': BETA } }).number as number;
  await onPullRequest(h.ctx(), pullRequestEvent(h.sim, { repo: 'acme/app', number: pull, action: 'opened' }).payload as never);
});
afterEach(async () => {
  expect(h.sim.rejected, 'requests GitHub would refuse').toEqual([]);
  await h.close();
});

async function say(repo: string, number: number, author: string, body: string, association: 'MEMBER' | 'NONE' | 'COLLABORATOR' = 'MEMBER') {
  const comment = h.sim.addIssueComment({ repo, number, author, body, authorAssociation: association }) as { id: number };
  const event = issueCommentEvent(h.sim, { commentId: comment.id, action: 'created' });
  return { result: await onIssueComment(h.ctx(), event.payload as never), event, id: comment.id };
}

function exceptionIssues() {
  return h.sim.issues('acme/architecture').filter((i) => i.labels.includes('assure: exception'));
}

function recordOf(number: number): ExceptionRecord {
  const read = readRecord(h.sim.issue('acme/architecture', number).body, testKeys(), { repository: 'acme/architecture', issue: number });
  if (!read.ok || read.record.type !== 'exception') throw new Error(`no trusted record in issue ${number}`);
  return read.record;
}

function botReplies(repo: string, number: number): string[] {
  return h.sim.comments(repo, number).filter((c) => c.user === h.sim.botLogin && c.body.startsWith('<!-- assure:reply')).map((c) => c.body);
}

function lastConclusion(): string | null | undefined {
  const head = h.sim.branchSha('acme/app', 'feature');
  const runs = h.sim.checkRuns('acme/app', head);
  return runs[runs.length - 1]?.conclusion;
}

async function requested(): Promise<number> {
  await say('acme/app', pull, 'alice', REQUEST);
  const [issue] = exceptionIssues();
  if (!issue) throw new Error('no exception issue');
  return issue.number;
}

describe('asking for an exception on a pull request', () => {
  it('opens one structured, labelled issue that tags the deciders, and replies with its link', async () => {
    expect(lastConclusion()).toBe('failure');
    const { result } = await say('acme/app', pull, 'alice', REQUEST);
    expect(result).toMatchObject({ handled: true, command: 'exception', request: { kind: 'opened' } });
    const issues = exceptionIssues();
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(issue.user).toBe(h.sim.botLogin);
    expect(issue.labels.sort()).toEqual(['assure: exception', 'assure: minor', 'assure: requested']);
    expect(issue.body).toContain('@acme/architects');
    expect(issue.body).toContain('email-via-notify');
    expect(issue.body).toContain('no personal data in emails');
    const record = recordOf(issue.number);
    expect(record).toMatchObject({ design: 'acme/app', artefact: ARTEFACT, kind: 'minor', status: 'requested', tier: 'architecture', requester: 'alice', author: 'dev', proposedEnd: '2027-03-31', issue: issue.number });
    expect(botReplies('acme/app', pull).join('\n')).toContain(`/acme/architecture/issues/${issue.number}`);
  });

  it('does nothing twice when the same comment is delivered again', async () => {
    const { event } = await say('acme/app', pull, 'alice', REQUEST);
    const again = await onIssueComment(h.ctx(), event.payload as never);
    expect(again).toMatchObject({ request: { kind: 'existing' } });
    expect(exceptionIssues()).toHaveLength(1);
    expect(botReplies('acme/app', pull)).toHaveLength(1);
  });

  it('answers a command it cannot read with the exact form expected', async () => {
    await say('acme/app', pull, 'alice', `/exception ${ARTEFACT} minor\nUntil: next spring`);
    expect(exceptionIssues()).toHaveLength(0);
    const [reply] = botReplies('acme/app', pull);
    expect(reply).toContain('the reason is missing');
    expect(reply).toContain('Until: YYYY-MM-DD');
    await say('acme/app', pull, 'alice', `/exception ${ARTEFACT}\nReason: contract\nUntil: 2026-13-01`);
    expect(botReplies('acme/app', pull)[1]).toContain('"2026-13-01" is not a date');
  });

  it('refuses legal requirements, standards that do not fail, and end dates beyond the maximum', async () => {
    await say('acme/app', pull, 'alice', '/exception DDTS-data-protection\nReason: later\nUntil: 2027-01-31');
    await say('acme/app', pull, 'alice', '/exception DDTS-source-code-open\nReason: later\nUntil: 2027-01-31');
    await say('acme/app', pull, 'alice', `/exception ${ARTEFACT}\nReason: later\nUntil: 2028-01-31`);
    const replies = botReplies('acme/app', pull);
    expect(replies[0]).toContain('legal requirement');
    expect(replies[1]).toMatch(/no artefact|does not fail/);
    expect(replies[2]).toContain('at most 180 days');
    expect(exceptionIssues()).toHaveLength(0);
  });

  it('ignores bots, edited comments and people without access to the repository', async () => {
    const bot = await say('acme/app', pull, 'dependabot[bot]', REQUEST);
    expect(bot.result).toMatchObject({ handled: false, why: 'written by a bot' });
    const outsider = await say('acme/app', pull, 'mallory', REQUEST, 'NONE');
    expect(outsider.result.handled).toBe(false);
    const comment = h.sim.addIssueComment({ repo: 'acme/app', number: pull, author: 'alice', body: 'thanks' }) as { id: number };
    h.sim.editIssueComment(comment.id, REQUEST);
    const edited = await onIssueComment(h.ctx(), issueCommentEvent(h.sim, { commentId: comment.id, action: 'edited' }).payload as never);
    expect(edited.handled).toBe(false);
    expect(exceptionIssues()).toHaveLength(0);
  });

  it('/gap and /review open one issue each for the architecture team, and a redelivery opens no other', async () => {
    const gap = await say('acme/app', pull, 'alice', '/gap We use generative AI to summarise providers and no standard covers it.');
    expect(gap.result).toMatchObject({ handled: true, command: 'gap', request: { kind: 'opened' } });
    const review = await say('acme/app', pull, 'alice', '/review Our event-driven design before we build it');
    expect(review.result).toMatchObject({ handled: true, command: 'review', request: { kind: 'opened' } });
    expect(await onIssueComment(h.ctx(), gap.event.payload as never)).toMatchObject({ request: { kind: 'existing' } });
    const issues = h.sim.issues('acme/architecture');
    const gaps = issues.filter((i) => i.labels.includes('assure: gap'));
    const reviews = issues.filter((i) => i.labels.includes('assure: review'));
    expect(gaps).toHaveLength(1);
    expect(reviews).toHaveLength(1);
    expect(gaps[0]!.body).toContain('@acme/architects');
    expect(gaps[0]!.body).toContain('generative AI');
    expect(reviews[0]!.title).toBe('Design review asked for acme/app');
    const replies = botReplies('acme/app', pull);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain(`/acme/architecture/issues/${gaps[0]!.number}`);
    expect(await say('acme/app', pull, 'alice', '/gap')).toMatchObject({ result: { command: 'invalid' } });
  });

  it('answers the Request exception button with the command to use', async () => {
    const run = h.sim.checkRuns('acme/app').at(-1)!;
    const outcome = await onRequestedAction(h.ctx(), checkRunEvent(h.sim, { checkRunId: run.id, action: 'requested_action', sender: 'dev', identifier: 'request-exception' }).payload as never);
    expect(outcome).toBe('answered');
    expect(botReplies('acme/app', pull)[0]).toContain(`/exception ${ARTEFACT} minor`);
  });
});

describe('deciding in the exception issue', () => {
  it('refuses self-approval, non-members and pending members, then an architect approval turns the check green', async () => {
    const issue = await requested();
    await say('acme/architecture', issue, 'alice', '/approve until 2027-03-31');
    await say('acme/architecture', issue, 'mallory', '/approve until 2027-03-31');
    await say('acme/architecture', issue, 'pat', '/approve until 2027-03-31');
    const refusals = botReplies('acme/architecture', issue);
    expect(refusals[0]).toContain('may never decide');
    expect(refusals[1]).toContain('only active members of @acme/architects');
    expect(refusals[2]).toContain('pending');
    expect(recordOf(issue).status).toBe('requested');
    expect(lastConclusion()).toBe('failure');

    const { result } = await say('acme/architecture', issue, 'carol', '/approve until 2027-02-28\nConditions:\n- report progress monthly');
    expect(result).toMatchObject({ handled: true, command: 'approve', decision: { status: 'approved', recheck: true } });
    const record = recordOf(issue);
    expect(record).toMatchObject({ status: 'approved', expires: '2027-02-28' });
    expect(record.conditions).toContain('report progress monthly');
    expect(record.history.at(-1)).toMatchObject({ by: 'carol', action: 'approve', rule: 'active member of acme/architects' });
    expect(h.sim.issue('acme/architecture', issue).labels.sort()).toEqual(['assure: approved', 'assure: exception', 'assure: minor']);
    expect(lastConclusion()).toBe('success');
    const exemptions = await loadExemptions(h.ctx(), await loadConfig(h.ctx(), { owner: 'acme', repo: 'app' }), 'acme/app');
    expect(exemptions).toEqual([expect.objectContaining({ artefact: ARTEFACT, status: 'approved', expires: '2027-02-28', id: `acme/architecture#${issue}` })]);
  });

  it('refuses an end date beyond the kind maximum and in the past', async () => {
    const issue = await requested();
    await say('acme/architecture', issue, 'carol', '/approve until 2027-12-31');
    await say('acme/architecture', issue, 'carol', '/approve until 2026-01-01');
    const [beyond, past] = botReplies('acme/architecture', issue);
    expect(beyond).toContain('the latest is 2027-05-21');
    expect(past).toContain('in the past');
    expect(recordOf(issue).status).toBe('requested');
  });

  it('records a redelivered approval once', async () => {
    const issue = await requested();
    const { event } = await say('acme/architecture', issue, 'carol', '/approve until 2027-02-28');
    const issueEdits = () => h.sim.requests.filter((r) => r.method === 'PATCH' && r.path === `/repos/acme/architecture/issues/${issue}`).length;
    const before = issueEdits();
    const again = await onIssueComment(h.ctx(), event.payload as never);
    // Nothing recorded again; the design's checks run again in case the first delivery failed before them.
    expect(again).toMatchObject({ duplicate: true, decision: { recheck: true } });
    expect(issueEdits()).toBe(before);
    expect(lastConclusion()).toBe('success');
    expect(recordOf(issue).approvals).toHaveLength(1);
    expect(botReplies('acme/architecture', issue)).toHaveLength(1);
  });

  it('a major exception goes to the forum and needs two distinct approvals; escalation climbs the tiers', async () => {
    await say('acme/app', pull, 'alice', REQUEST.replace(' minor', ' major'));
    const issue = exceptionIssues()[0]!.number;
    expect(recordOf(issue).tier).toBe('forum');
    await say('acme/architecture', issue, 'carol', '/approve until 2027-03-31');
    expect(botReplies('acme/architecture', issue)[0]).toContain('@acme/forum');
    await say('acme/architecture', issue, 'erin', '/approve until 2027-03-31');
    await say('acme/architecture', issue, 'erin', '/approve until 2027-03-31');
    expect(recordOf(issue).status).toBe('requested');
    expect(botReplies('acme/architecture', issue)[2]).toContain('already approved');
    await say('acme/architecture', issue, 'alice', '/escalate we cannot agree the conditions');
    expect(recordOf(issue)).toMatchObject({ tier: 'deputy_directors', approvals: [] });
    expect(botReplies('acme/architecture', issue)[3]).toContain('@acme/deputies');
  });

  it('rejects, revokes, extends and withdraws, closing the issue when the exemption ends', async () => {
    const issue = await requested();
    await say('acme/architecture', issue, 'carol', '/approve until 2027-02-28');
    await say('acme/architecture', issue, 'dave', '/extend 2027-04-30 contract renewal moved');
    expect(recordOf(issue)).toMatchObject({ status: 'approved', expires: '2027-04-30' });
    await say('acme/architecture', issue, 'dave', '/revoke personal data found in emails');
    expect(recordOf(issue).status).toBe('revoked');
    expect(h.sim.issue('acme/architecture', issue).state).toBe('closed');
    expect(lastConclusion()).toBe('failure');

    await say('acme/app', pull, 'alice', REQUEST.replace('Until: 2027-03-31', 'Until: 2027-03-30'));
    const second = exceptionIssues().find((i) => i.number !== issue)!.number;
    await say('acme/architecture', second, 'mallory', '/withdraw');
    expect(botReplies('acme/architecture', second)[0]).toContain('Only the person who asked');
    await say('acme/architecture', second, 'alice', '/withdraw');
    expect(recordOf(second).status).toBe('withdrawn');

    await say('acme/app', pull, 'alice', REQUEST.replace('Until: 2027-03-31', 'Until: 2027-03-29'));
    const third = exceptionIssues().find((i) => i.number !== issue && i.number !== second)!.number;
    await say('acme/architecture', third, 'carol', '/reject use Notify now: the contract can be ended');
    expect(recordOf(third).status).toBe('rejected');
    expect(h.sim.issue('acme/architecture', third).labels).toContain('assure: rejected');
  });
});

describe('state only assure changes', () => {
  it('puts back a status label someone adds or removes, and says so once', async () => {
    const issue = await requested();
    h.sim.labelIssue('acme/architecture', issue, 'assure: approved');
    const added = await onIssues(h.ctx({ deliveryId: 'd-1' }), issuesEvent(h.sim, { repo: 'acme/architecture', number: issue, action: 'labeled', sender: 'mallory', label: 'assure: approved' }).payload as never);
    expect(added).toBe('restored');
    expect(h.sim.issue('acme/architecture', issue).labels).not.toContain('assure: approved');
    h.sim.labelIssue('acme/architecture', issue, 'priority');
    h.sim.unlabelIssue('acme/architecture', issue, 'assure: requested');
    await onIssues(h.ctx({ deliveryId: 'd-2' }), issuesEvent(h.sim, { repo: 'acme/architecture', number: issue, action: 'unlabeled', sender: 'mallory', label: 'assure: requested' }).payload as never);
    expect(h.sim.issue('acme/architecture', issue).labels.sort()).toEqual(['assure: exception', 'assure: minor', 'assure: requested', 'priority']);
    expect(botReplies('acme/architecture', issue)).toHaveLength(2);
    // The label never granted anything.
    expect(lastConclusion()).toBe('failure');
  });

  it('an edited record grants nothing and is restored, keeping what the person wrote', async () => {
    const issue = await requested();
    await say('acme/architecture', issue, 'carol', '/approve until 2027-02-28');
    const body = h.sim.issue('acme/architecture', issue).body!;
    const forged = body.replace('"expires":"2027-02-28"', '"expires":"2099-12-31"');
    const { changes } = h.sim.editIssue('acme/architecture', issue, { body: forged }, 'mallory');
    exemptionCache.clear();
    const config = await loadConfig(h.ctx(), { owner: 'acme', repo: 'app' });
    expect(await loadExemptions(h.ctx(), config, 'acme/app')).toEqual([]);
    const outcome = await onIssues(h.ctx({ deliveryId: 'd-3' }), { ...(issuesEvent(h.sim, { repo: 'acme/architecture', number: issue, action: 'edited', sender: 'mallory', changes }).payload as object) } as never);
    expect(outcome).toBe('restored');
    expect(recordOf(issue).expires).toBe('2027-02-28');
    expect(botReplies('acme/architecture', issue).at(-1)).toContain('2099-12-31');
  });

  it('an issue someone else writes with a copied record grants nothing', async () => {
    const issue = await requested();
    await say('acme/architecture', issue, 'carol', '/approve until 2027-02-28');
    const copy = h.sim.addIssue({ repo: 'acme/architecture', title: 'copy', body: h.sim.issue('acme/architecture', issue).body!, author: 'mallory', labels: ['assure: exception'] }) as { number: number };
    h.sim.editIssue('acme/architecture', issue, { state: 'closed' }, 'carol');
    exemptionCache.clear();
    const exemptions = await loadExemptions(h.ctx(), await loadConfig(h.ctx(), { owner: 'acme', repo: 'app' }), 'acme/app');
    expect(exemptions.map((e) => e.id)).toEqual([`acme/architecture#${issue}`]);
    expect(copy.number).not.toBe(issue);
  });
});

describe('closing an exemption the design no longer needs', () => {
  it('notes the merge on the issue, closes it and tells the architecture team', async () => {
    const issue = await requested();
    await say('acme/architecture', issue, 'carol', '/approve until 2027-02-28');
    const fixed = BETA.replace('email: sendgrid', 'email: gov-uk-notify');
    expect(fixed).not.toBe(BETA);
    h.sim.pushCommit('acme/app', 'feature', { 'design.yml': fixed });
    h.sim.mergePullRequest('acme/app', pull, { by: 'dev' });
    const closed = await onPullRequestClosed(h.ctx(), pullRequestEvent(h.sim, { repo: 'acme/app', number: pull, action: 'closed' }).payload as never);
    expect(closed.closed).toEqual([{ issue, artefact: ARTEFACT }]);
    expect(recordOf(issue).status).toBe('closed');
    expect(h.sim.issue('acme/architecture', issue).state).toBe('closed');
    expect(botReplies('acme/architecture', issue).at(-1)).toContain('@acme/architects');
  });
});

describe('when GitHub fails', () => {
  it('retries 5xx answers and secondary rate limits, and records the request and the approval once', async () => {
    // Octokit's retry and throttling plugins on, as in the App; GitHub fails a few writes, then recovers.
    const retrying = () => h.ctx({ gh: createClient({ token: h.sim.createInstallationToken('acme'), baseUrl: h.sim.url, spacing: false, retryBaseMs: 50 }) });
    h.sim.injectFaults({ seed: 11, rate5xx: 0.5, rateSecondaryLimit: 0.5, limit: 3, only: (r) => r.method !== 'GET' });
    const ask = h.sim.addIssueComment({ repo: 'acme/app', number: pull, author: 'alice', body: REQUEST, authorAssociation: 'MEMBER' }) as { id: number };
    await onIssueComment(retrying(), issueCommentEvent(h.sim, { commentId: ask.id, action: 'created' }).payload as never);
    const faults = h.sim.requests.filter((r) => r.fault);
    expect(faults.map((f) => f.fault).sort()).toEqual(expect.arrayContaining(['secondary-rate-limit', 'server-error']));
    expect(exceptionIssues()).toHaveLength(1);
    const issue = exceptionIssues()[0]!.number;
    h.sim.injectFaults({ seed: 12, rate5xx: 1, limit: 1, only: (r) => r.method === 'PATCH' });
    const approve = h.sim.addIssueComment({ repo: 'acme/architecture', number: issue, author: 'carol', body: '/approve until 2027-02-28', authorAssociation: 'MEMBER' }) as { id: number };
    await onIssueComment(retrying(), issueCommentEvent(h.sim, { commentId: approve.id, action: 'created' }).payload as never);
    h.sim.injectFaults(null);
    expect(recordOf(issue)).toMatchObject({ status: 'approved', approvals: [expect.objectContaining({ by: 'carol' })] });
    expect(botReplies('acme/architecture', issue)).toHaveLength(1);
    expect(botReplies('acme/app', pull)).toHaveLength(1);
    expect(lastConclusion()).toBe('success');
  }, 60_000);
});
