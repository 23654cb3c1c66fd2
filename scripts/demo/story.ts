// The whole story, played against the local GitHub with the real App server: a pull request fails, the
// team asks for an exception, the requester cannot approve it, an architect does, the check turns green,
// time passes the end date, the sweep expires it and the check fails again. Each step checks what it
// claims; `npm start` prints the transcript and the tests play it too.
import { generateKeyPairSync } from 'node:crypto';
import { startServer, type RunningServer } from '../../app/server.js';
import { sweepAsApp } from '../../app/sweep-timer.js';
import { readRecord } from '../../github/exceptions/record.js';
import { keyring, parseSigningKey } from '../../github/signing.js';
import { createGitHubSim, type GitHubSim } from '../../sim/github.js';
import { LocalProbotOctokit } from '../support/local-octokit.js';
import { failingRepository } from '../support/example-repos.js';
import { deliver, issueCommentEvent, pullRequestEvent, type WebhookEvent } from '../../sim/webhooks.js';

export interface StoryOutcome {
  ok: boolean;
  failures: string[];
  /** Requests the OpenAPI check refused (must be none). */
  rejected: number;
  requests: number;
}

const ORG = 'DFE-Digital';
const DESIGN = `${ORG}/find-tutoring`;
const EXCEPTIONS = `${ORG}/architecture`;
const SECRET = 'story-webhook-secret';
const CONFIG = `# assure's configuration for this repository (read from the default branch only)
exceptions:
  repository: ${EXCEPTIONS}
deciders:
  architecture: ${ORG}/architects
  forum: ${ORG}/design-forum
areas:
  quality-of-provision: ${ORG}/quality-of-provision
`;
const REQUEST = `/exception GOV-mandated-notify minor
Reason: our SendGrid contract runs until the end of February; moving to GOV.UK Notify is planned for March.
Until: 2027-02-28
Conditions:
- no personal data in emails sent through SendGrid
- move to GOV.UK Notify before the contract ends`;

export async function playStory(print: (line: string) => void = () => undefined): Promise<StoryOutcome> {
  const failures: string[] = [];
  const expect = (ok: boolean, what: string): void => {
    print(`    ${ok ? '✓' : '✗'} ${what}`);
    if (!ok) failures.push(what);
  };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  // The key that signs exception records: the App's own, separate from its webhook secret.
  const signingPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const signing = parseSigningKey(signingPem, 'story');
  const keys = { signing, ring: keyring({ signing }) };
  const sim: GitHubSim = await createGitHubSim({ now: '2026-11-23T09:00:00Z', appId: 4242, appSlug: 'assure', appPrivateKey: privateKey });
  let server: RunningServer | undefined;
  try {
    const beta = failingRepository(ORG, 'find-tutoring');
    // The organisation's configuration (its .github repository) decides who grants exceptions and where they live.
    sim.addRepo({ owner: ORG, name: '.github', files: { '.github/assure.yml': CONFIG } });
    sim.addRepo({ owner: ORG, name: 'find-tutoring', files: { 'README.md': '# Find tutoring\n' } });
    sim.setPermission(DESIGN, 'alice', 'write');
    sim.addRepo({ owner: ORG, name: 'architecture', files: { 'README.md': '# Architecture\n', '.github/assure.yml': CONFIG } });
    sim.addTeamMember(ORG, 'architects', 'carol');
    sim.addTeamMember(ORG, 'design-forum', 'erin');
    server = await startServer({
      env: { APP_ID: '4242', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, ASSURE_SIGNING_KEY: signingPem, ASSURE_SIGNING_KEY_ID: 'story', GITHUB_API_URL: sim.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
      clock: sim.clock,
      Octokit: LocalProbotOctokit,
    });
    const webhook = server.webhookUrl;
    const send = (event: WebhookEvent): Promise<number> => deliver(webhook, { ...event, secret: SECRET, appId: 4242 });
    const comment = async (repo: string, number: number, author: string, body: string): Promise<number> => {
      const made = sim.addIssueComment({ repo, number, author, body, authorAssociation: 'MEMBER' }) as { id: number };
      return send(issueCommentEvent(sim, { commentId: made.id, action: 'created' }));
    };
    const lastRun = () => sim.checkRuns(DESIGN, sim.branchSha(DESIGN, 'use-sendgrid')).at(-1);
    const botSaid = (repo: string, number: number) => sim.comments(repo, number).filter((c) => c.user === sim.botLogin).map((c) => c.body);
    const lastLine = (text: string | undefined) => (text ?? '').split('\n').filter((l) => l.trim() && !l.startsWith('<!--')).slice(0, 2).join(' ').slice(0, 220);

    print(`The App server listens at ${webhook}; the local GitHub at ${sim.url}. It is ${sim.now().toISOString().slice(0, 10)}.`);
    print('');
    print(`1. alice opens a pull request on ${DESIGN} whose design sends email through SendGrid.`);
    const pull = sim.openPullRequest({ repo: DESIGN, author: 'alice', head: 'use-sendgrid', files: beta }).number as number;
    expect((await send(pullRequestEvent(sim, { repo: DESIGN, number: pull, action: 'opened' }))) === 200, 'GitHub delivers pull_request.opened; the App answers 200');
    const first = lastRun();
    print(`    check run: ${first?.conclusion} - ${first?.output.title}`);
    const annotation = first?.output.annotations.find((a) => a.annotation_level === 'failure');
    print(`    annotation: ${annotation?.path} line ${annotation?.start_line}: ${annotation?.message.split('\n')[0]}`);
    expect(first?.conclusion === 'failure', 'the check fails on GOV-mandated-notify');
    expect(annotation?.start_line === 69, 'the annotation points at line 69 of design.yml');
    expect(botSaid(DESIGN, pull).length === 1, 'one comment on the pull request says what to fix');

    print('');
    print('2. alice asks for a minor exception in a comment on the pull request:');
    for (const line of REQUEST.split('\n')) print(`      ${line}`);
    await comment(DESIGN, pull, 'alice', REQUEST);
    const issue = sim.issues(EXCEPTIONS).find((i) => i.labels.includes('assure: exception'));
    print(`    exception issue ${EXCEPTIONS}#${issue?.number}: "${issue?.title}" [${issue?.labels.join(', ')}]`);
    print(`    reply on the pull request: ${lastLine(botSaid(DESIGN, pull).at(-1))}`);
    expect(issue !== undefined && issue.user === sim.botLogin, 'the App opened the exception issue in the architecture repository');
    expect((issue?.body ?? '').includes(`@${ORG}/architects`), 'the issue tags the architecture team');
    expect((issue?.body ?? '').includes(`@${ORG}/quality-of-provision`), "the issue tags the area's team");
    const number = issue?.number ?? 0;

    print('');
    print('3. alice tries to approve her own exception:');
    await comment(EXCEPTIONS, number, 'alice', '/approve until 2027-02-28');
    print(`    reply: ${lastLine(botSaid(EXCEPTIONS, number).at(-1))}`);
    const status = () => {
      const read = readRecord(sim.issue(EXCEPTIONS, number).body, keys, { repository: EXCEPTIONS, issue: number });
      return read.ok && read.record.type === 'exception' ? read.record.status : 'untrusted';
    };
    expect(status() === 'requested', 'refused: the exception is still requested');

    print('');
    print(`4. carol, an architect (active member of ${ORG}/architects), approves it until 2027-02-28:`);
    await comment(EXCEPTIONS, number, 'carol', '/approve until 2027-02-28\nConditions:\n- report progress at the March show and tell');
    print(`    reply: ${lastLine(botSaid(EXCEPTIONS, number).at(-1))}`);
    print(`    labels: [${sim.issue(EXCEPTIONS, number).labels.join(', ')}]`);
    const green = lastRun();
    print(`    check run: ${green?.conclusion} - ${green?.output.title}`);
    expect(status() === 'approved', 'the record says approved, by carol');
    expect(green?.conclusion === 'success', "the pull request's check turned green without a new push");

    print('');
    print('5. Time passes: it is now 2027-03-01 in London. The sweep runs (the App timer, the CLI and the Action run the same one).');
    sim.setNow('2027-03-01T08:00:00Z');
    const options = { probot: server.probot, clock: sim.clock, keys, log: { info: () => undefined, warn: () => undefined, error: () => undefined } };
    const swept = await sweepAsApp(options, { owner: ORG, repo: 'find-tutoring' });
    for (const t of swept.transitions) print(`    #${t.issue} ${t.artefact}: ${t.change}${t.end ? ` (last day ${t.end})` : ''}`);
    print(`    labels: [${sim.issue(EXCEPTIONS, number).labels.join(', ')}]; reply: ${lastLine(botSaid(EXCEPTIONS, number).at(-1))}`);
    const red = lastRun();
    const failing = [...new Set((red?.output.annotations ?? []).filter((a) => a.annotation_level === 'failure').map((a) => a.title?.split(' ')[0] ?? ''))];
    print(`    check run: ${red?.conclusion} - ${red?.output.title} (failing: ${failing.join(', ')})`);
    expect(status() === 'expired' && sim.issue(EXCEPTIONS, number).labels.includes('assure: expired'), 'the exception is expired, in its record and its label');
    expect(red?.conclusion === 'failure', "the pull request's check fails again");

    print('');
    print('6. The sweep runs again the same day:');
    const comments = sim.comments(EXCEPTIONS, number).length;
    const again = await sweepAsApp(options, { owner: ORG, repo: 'find-tutoring' });
    print(`    ${again.transitions.length} change(s)`);
    expect(again.transitions.length === 0 && sim.comments(EXCEPTIONS, number).length === comments, 'nothing changes and nothing is posted twice');
    expect(sim.rejected.length === 0, `every one of the ${sim.requests.length} requests the App made is one GitHub's OpenAPI description accepts`);
    return { ok: failures.length === 0, failures, rejected: sim.rejected.length, requests: sim.requests.length };
  } finally {
    await server?.close();
    await sim.close();
  }
}
