// Decisions in an exception issue: /approve, /reject, /escalate, /extend, /revoke, /withdraw. Each is
// checked (who, what state, what dates), recorded in the signed record with who decided and how they were
// recognised, displayed in the labels, and followed by a fresh check of the design it affects.
import { addDays } from '../../src/time/dates.js';
import { inline } from '../../src/reports/safe-markdown.js';
import type { GitHubContext } from '../context.js';
import type { RepoRef } from '../repo.js';
import { TIERS, type AssureConfig } from '../config/types.js';
import type { Command } from './commands.js';
import { mayDecide, isParty } from './deciders.js';
import { TIER_NAMES, teamMention } from './issue.js';
import type { Decision, ExceptionRecord } from './record.js';
import type { StoredIssue } from './store.js';
import { TRANSITIONS, allowed, issueState, rechecks, type DecisionName } from './transitions.js';
import { saveRecord, today } from './write.js';

export type DecisionCommand = Extract<Command, { name: DecisionName }>;

export interface DecisionInput {
  repo: RepoRef;
  issue: StoredIssue;
  record: ExceptionRecord;
  command: DecisionCommand;
  login: string;
  commentId: number;
}

export interface DecisionOutcome {
  /** What to say in the issue. */
  reply: string;
  /** true when the record changed. */
  changed: boolean;
  /** true when exemptions in force changed: the design's checks must run again. */
  recheck: boolean;
  record: ExceptionRecord;
}

function refuse(record: ExceptionRecord, reply: string): DecisionOutcome {
  return { reply, changed: false, recheck: false, record };
}

function lastAllowed(config: AssureConfig, record: ExceptionRecord, date: string): string {
  return addDays(date, config.exceptions.max_days[record.kind]);
}

/** Checks an end date against today and the kind's maximum; undefined when it is acceptable. */
function badEnd(config: AssureConfig, record: ExceptionRecord, date: string, end: string, what: string): string | undefined {
  if (end < date) return `${what} ${end} is in the past.`;
  const max = lastAllowed(config, record, date);
  if (end > max) return `${what} ${end} is later than a ${record.kind} exemption may last (${config.exceptions.max_days[record.kind]} days): the latest is ${max}.`;
  return undefined;
}

/** Applies one decision to a record (pure apart from the membership check). */
export async function decide(ctx: GitHubContext, config: AssureConfig, input: DecisionInput): Promise<DecisionOutcome> {
  const { command, login } = input;
  const record: ExceptionRecord = structuredClone(input.record);
  const date = today(ctx, config);
  const at = ctx.clock.now().toISOString();
  const entry = (action: string, extra: Partial<Decision> = {}): Decision => ({ by: login, at, action, comment: input.commentId, ...extra });
  const who = `@${login}`;

  if (command.name === 'withdraw') {
    const party = isParty(record, login);
    if (!party) return refuse(record, `Only the person who asked for this exception (@${record.requester}) or the pull request's author can withdraw it.`);
    if (!allowed('withdraw', record.status)) return refuse(record, `This exception is ${record.status}: there is nothing to withdraw.`);
    const before = record.status;
    const wasApproved = before === 'approved';
    record.status = TRANSITIONS.withdraw.to;
    record.history.push(entry('withdraw', { rule: party === 'requester' ? 'the requester' : "the pull request's author", note: command.reason }));
    return { reply: `Withdrawn by ${who}.${wasApproved ? ' The exemption no longer applies: the design is checked again.' : ''}`, changed: true, recheck: rechecks('withdraw', record.status, before), record };
  }

  if (command.name === 'escalate') {
    const party = isParty(record, login);
    const verdict = party ? ({ ok: true, rule: party === 'requester' ? 'the requester' : "the pull request's author" } as const) : await mayDecide(ctx, config, record, login);
    if (!verdict.ok) return refuse(record, `${who}, this exception cannot be escalated by you: ${verdict.why}.`);
    if (!allowed('escalate', record.status)) return refuse(record, `This exception is ${record.status}: only an undecided exception can be escalated.`);
    const next = TIERS[TIERS.indexOf(record.tier) + 1];
    if (!next) return refuse(record, `The ${TIER_NAMES.board} has decided or will decide: its decision stands and there is no further escalation.`);
    record.history.push(entry('escalate', { rule: verdict.rule, note: `${TIER_NAMES[record.tier]} to ${TIER_NAMES[next]}${command.reason ? `: ${command.reason}` : ''}` }));
    record.tier = next;
    record.approvals = [];
    const team = teamMention(config.deciders[next], `the ${TIER_NAMES[next]}`);
    return { reply: `Escalated by ${who} to the ${TIER_NAMES[next]}. ${team}, please decide: \`/approve until YYYY-MM-DD\` or \`/reject REASON\`.`, changed: true, recheck: rechecks('escalate', record.status), record };
  }

  const verdict = await mayDecide(ctx, config, record, login);
  if (!verdict.ok) return refuse(record, `${who}, this was not recorded: ${verdict.why}.`);

  switch (command.name) {
    case 'approve': {
      if (!allowed('approve', record.status)) return refuse(record, `This exception is ${record.status}.${record.status === 'approved' ? ' To change its end date, use `/extend YYYY-MM-DD`.' : ''}`);
      if (record.approvals.some((a) => a.by.toLowerCase() === login.toLowerCase())) {
        return refuse(record, `${who} has already approved this exception; ${config.exceptions.approvals[record.kind] - record.approvals.length} more approval(s) are needed from other deciders.`);
      }
      const until = command.until ?? record.proposedEnd;
      if (!until) return refuse(record, 'Say until when: `/approve until YYYY-MM-DD`.');
      const bad = badEnd(config, record, date, until, 'The end date');
      if (bad) return refuse(record, `${bad} Approve again with an earlier date: \`/approve until ${lastAllowed(config, record, date)}\`.`);
      let realignBy: string | undefined;
      if (record.kind === 'challenge') {
        realignBy = command.realignBy ?? record.realignBy ?? until;
        const badRealign = badEnd(config, record, date, realignBy, 'The realign-by date');
        if (badRealign) return refuse(record, badRealign);
      }
      const needed = config.exceptions.approvals[record.kind];
      const approval = entry('approve', { rule: verdict.rule, until, ...(command.conditions.length > 0 ? { note: command.conditions.join('; ') } : {}) });
      record.approvals.push(approval);
      record.history.push(approval);
      if (command.conditions.length > 0) record.conditions = [...new Set([...record.conditions, ...command.conditions])];
      if (realignBy) record.realignBy = realignBy;
      if (record.approvals.length < needed) {
        return { reply: `Approval ${record.approvals.length} of ${needed} recorded from ${who} (${verdict.rule}). ${needed - record.approvals.length} more needed from other deciders.`, changed: true, recheck: rechecks('approve', record.status), record };
      }
      record.status = TRANSITIONS.approve.to;
      record.expires = record.approvals.map((a) => a.until!).sort()[0];
      record.reminded = [];
      const conditions = record.conditions.length > 0 ? ` Conditions: ${record.conditions.map((c) => inline(c, 200)).join('; ')}.` : '';
      return {
        reply: `Approved by ${who} (${verdict.rule}) until ${record.expires}${record.realignBy ? `, realign by ${record.realignBy}` : ''}.${conditions} The design's checks run again now.`,
        changed: true,
        recheck: rechecks('approve', record.status),
        record,
      };
    }
    case 'reject': {
      if (!allowed('reject', record.status)) return refuse(record, `This exception is ${record.status}: only an undecided exception can be rejected (an approved one can be revoked).`);
      record.status = TRANSITIONS.reject.to;
      record.history.push(entry('reject', { rule: verdict.rule, note: command.reason }));
      return { reply: `Rejected by ${who} (${verdict.rule}): ${inline(command.reason, 500)}`, changed: true, recheck: rechecks('reject', record.status), record };
    }
    case 'extend': {
      if (!allowed('extend', record.status)) return refuse(record, `This exception is ${record.status}: only an approved or expired exemption can be extended.`);
      const bad = badEnd(config, record, date, command.until, 'The new end date');
      if (bad) return refuse(record, bad);
      record.status = TRANSITIONS.extend.to;
      record.expires = command.until;
      if (record.kind === 'challenge' && record.realignBy && record.realignBy < command.until) record.realignBy = command.until;
      record.reminded = [];
      record.history.push(entry('extend', { rule: verdict.rule, until: command.until, note: command.reason }));
      return { reply: `Extended by ${who} (${verdict.rule}) until ${command.until}. The design's checks run again now.`, changed: true, recheck: rechecks('extend', record.status), record };
    }
    case 'revoke': {
      if (!allowed('revoke', record.status)) return refuse(record, `This exception is ${record.status}: only an approved exemption can be revoked.`);
      record.status = TRANSITIONS.revoke.to;
      record.history.push(entry('revoke', { rule: verdict.rule, note: command.reason }));
      return { reply: `Revoked by ${who} (${verdict.rule}): ${inline(command.reason, 500)} The design's checks run again now.`, changed: true, recheck: rechecks('revoke', record.status), record };
    }
  }
}

/** Saves a changed record: the issue closes when the exemption has ended, and opens again if extended. */
export async function saveDecision(ctx: GitHubContext, config: AssureConfig, input: DecisionInput, outcome: DecisionOutcome): Promise<void> {
  await saveRecord(ctx, config, input.repo, input.issue, { ...outcome.record, issue: input.issue.number }, issueState(outcome.record.status));
}
