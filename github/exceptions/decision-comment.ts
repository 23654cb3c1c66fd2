// A decision written in an exception issue, from the comment to the reply: the record read (and trusted
// only when assure wrote it), the decision taken by decide(), saved, answered, and the design's checks run
// again when the transition table says so. A redelivery finds the decision already recorded and only makes
// sure the reply and the checks happened.
import type { GitHubContext } from '../context.js';
import type { AssureConfig } from '../config/types.js';
import { fullName, type RepoRef } from '../repo.js';
import { serialise } from '../serialise.js';
import type { CheckResult } from '../checks/run.js';
import type { Parsed } from './commands.js';
import { decide, saveDecision, type DecisionCommand, type DecisionOutcome } from './decide.js';
import { STATUS_TEXT } from './issue.js';
import { usageReply } from './request.js';
import { storedIssue } from './store.js';
import { rechecks } from './transitions.js';
import { replyOnce } from './write.js';

export interface DecisionComment {
  /** The repository holding the exception issue. */
  repo: RepoRef;
  issueNumber: number;
  commentId: number;
  login: string;
  /** The comment's command, already parsed (a decision, or an invalid one). */
  parsed: Exclude<Parsed, { kind: 'none' }>;
}

export type DecisionResult =
  | { handled: false; why: string }
  | { handled: true; command: DecisionCommand['name'] | 'invalid'; decision?: Pick<DecisionOutcome, 'changed' | 'recheck' | 'reply'> & { status: string }; duplicate?: boolean; rechecked?: CheckResult[] };

/** `recheckDesign` runs the checks of a design again (the handlers pass theirs). */
export async function decideOnComment(ctx: GitHubContext, config: AssureConfig, at: DecisionComment, recheckDesign: (design: string) => Promise<CheckResult[]>): Promise<DecisionResult> {
  const { repo, login, parsed } = at;
  const key = `comment-${at.commentId}`;
  return serialise(`issue:${fullName(repo)}#${at.issueNumber}`.toLowerCase(), async (): Promise<DecisionResult> => {
    const { data } = await ctx.gh.rest.issues.get({ owner: repo.owner, repo: repo.repo, issue_number: at.issueNumber });
    const issue = storedIssue(ctx, repo, data);
    if (!issue.record) {
      if (issue.distrust && issue.distrust !== 'not written by assure' && issue.distrust !== 'missing') {
        await replyOnce(ctx, repo, issue.number, key, `@${login}, this issue's record was changed by someone other than assure, so no decision can be recorded here and it grants no exemption.`);
        return { handled: true, command: 'invalid' };
      }
      return { handled: false, why: 'not an exception issue' };
    }
    const record = issue.record;
    if (record.type !== 'exception') return { handled: false, why: `a ${record.type} issue takes no decisions` };
    if (parsed.kind === 'invalid') {
      await replyOnce(ctx, repo, issue.number, key, usageReply(login, parsed.name, parsed.problem));
      return { handled: true, command: 'invalid' };
    }
    const command = parsed.command as DecisionCommand;
    const recorded = record.history.find((d) => d.comment === at.commentId);
    if (recorded) {
      // Recorded by an earlier delivery that may have failed after it: make sure the reply went out and
      // the design's checks ran again, change nothing.
      await replyOnce(ctx, repo, issue.number, key, `Recorded. This exception is ${STATUS_TEXT[record.status]}.`);
      const recheck = rechecks(recorded.action, record.status);
      const rechecked = recheck ? await recheckDesign(record.design) : undefined;
      return { handled: true, command: command.name, duplicate: true, decision: { changed: false, recheck, reply: '', status: record.status }, ...(rechecked ? { rechecked } : {}) };
    }
    const input = { repo, issue, record, command, login, commentId: at.commentId };
    const outcome = await decide(ctx, config, input);
    if (outcome.changed) await saveDecision(ctx, config, input, outcome);
    await replyOnce(ctx, repo, issue.number, key, outcome.reply);
    const decision = { changed: outcome.changed, recheck: outcome.recheck, reply: outcome.reply, status: outcome.record.status };
    if (!outcome.recheck) return { handled: true, command: command.name, decision };
    const rechecked = await recheckDesign(record.design);
    return { handled: true, command: command.name, decision, rechecked };
  });
}
