// Exception records to vary by hand, and exception issues written straight into the local GitHub as assure
// would have written them: for tests and benchmarks that need many exemptions, or ones approved long ago.
import { exceptionBody, labelsFor } from '../../github/exceptions/issue.js';
import type { ExceptionRecord, RecordKeys } from '../../github/exceptions/record.js';
import type { AssureConfig } from '../../github/config/types.js';
import type { GitHubSim } from '../../sim/github.js';

/** A plain, valid exception record to vary by hand. */
export function sampleRecord(overrides: Partial<ExceptionRecord> = {}): ExceptionRecord {
  return {
    v: 2,
    type: 'exception',
    design: 'acme/app',
    designUrl: 'https://github.com/acme/app',
    manifest: 'design.yml',
    pull: 7,
    source: 'acme/app#comment-1',
    artefact: 'GOV-mandated-notify',
    artefactTitle: 'Use GOV.UK Notify',
    artefactSource: 'https://example.org/standards/notify',
    findings: [{ rule: 'email-via-notify', message: 'email goes through sendgrid', path: '$.notifications.email', line: 12 }],
    rules: ['email-via-notify'],
    paths: [],
    kind: 'minor',
    status: 'requested',
    tier: 'architecture',
    requester: 'alice',
    author: 'dev',
    area: 'teaching-workforce',
    reason: 'our contract runs until March',
    conditions: ['no personal data in emails'],
    proposedEnd: '2027-03-31',
    approvals: [],
    history: [{ by: 'alice', at: '2026-11-22T10:00:00.000Z', action: 'request', comment: 1 }],
    reminded: [],
    issue: 1,
    ...overrides,
  };
}

/** An exception approved until 2027-02-28 by an active member of acme/architects, with a source of its own. */
export function approvedRecord(overrides: Partial<ExceptionRecord> = {}): ExceptionRecord {
  return sampleRecord({
    pull: 1,
    source: `acme/app#comment-${Math.random().toString(36).slice(2)}`,
    artefactTitle: 'Send email, text messages and letters through GOV.UK Notify',
    artefactSource: undefined,
    findings: [{ rule: 'email-via-notify', message: 'email goes through sendgrid', path: '$.notifications.email', line: 69 }],
    status: 'approved',
    reason: 'contract',
    proposedEnd: '2027-02-28',
    expires: '2027-02-28',
    approvals: [{ by: 'carol', at: '2026-11-22T10:00:00.000Z', action: 'approve', rule: 'active member of acme/architects', until: '2027-02-28' }],
    history: [],
    issue: undefined,
    ...overrides,
  });
}

/** Adds a bot-written exception issue holding `record`, bound to its number; returns the number. */
export function seedException(sim: GitHubSim, repo: string, config: AssureConfig, record: ExceptionRecord, keys: RecordKeys, today: string): number {
  const issue = sim.addIssue({ repo, title: 'exception', body: 'pending', author: sim.botLogin, labels: labelsFor(record, config, today) }) as { number: number };
  sim.editIssue(repo, issue.number, { body: exceptionBody({ ...record, issue: issue.number, rev: 1 }, config, keys, { repository: repo, issue: issue.number }, today) }, sim.botLogin);
  return issue.number;
}
