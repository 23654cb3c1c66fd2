// When a merged design meets an artefact that an exemption covered, the exemption is no longer needed:
// the exception issue is told which pull request closed it, closed, and the architecture team is told.
import type { ClosableExemption } from '../../src/types.js';
import { inline } from '../../src/reports/safe-markdown.js';
import type { GitHubContext } from '../context.js';
import { fullName, type RepoRef } from '../repo.js';
import type { AssureConfig } from '../config/types.js';
import { teamMention } from './issue.js';
import { exceptionsRepo, storedIssue } from './store.js';
import { replyOnce, saveRecord } from './write.js';

export interface ClosedExemption {
  issue: number;
  artefact: string;
}

export async function closeExemptions(ctx: GitHubContext, config: AssureConfig, design: RepoRef, pull: { number: number; url: string }, closable: readonly ClosableExemption[]): Promise<ClosedExemption[]> {
  const target = exceptionsRepo(config);
  const prefix = `${config.exceptions.repository}#`.toLowerCase();
  const closed: ClosedExemption[] = [];
  for (const item of closable) {
    if (!item.exemption.id.toLowerCase().startsWith(prefix)) continue;
    const number = Number(item.exemption.id.slice(prefix.length));
    if (!Number.isInteger(number) || number <= 0) continue;
    const { data } = await ctx.gh.rest.issues.get({ owner: target.owner, repo: target.repo, issue_number: number });
    const issue = storedIssue(ctx, target, data);
    const record = issue.record;
    if (record?.type !== 'exception' || record.status !== 'approved' || record.design.toLowerCase() !== fullName(design).toLowerCase()) continue;
    const note = `pull request ${pull.number} merged: the design now meets ${record.artefact}`;
    const next = { ...record, status: 'closed' as const, issue: number, history: [...record.history, { by: ctx.botLogin, at: ctx.clock.now().toISOString(), action: 'close', note }] };
    await replyOnce(
      ctx,
      target,
      number,
      `closed-by-${fullName(design).toLowerCase()}-${pull.number}`,
      `${teamMention(config.deciders.architecture, 'Architecture team')}: [${inline(fullName(design))} pull request ${pull.number}](${pull.url}) merged and the design now meets ${inline(record.artefact)} (${inline(item.message, 300)}). This exemption is no longer needed and is closed.`,
    );
    await saveRecord(ctx, config, target, issue, next, 'closed');
    closed.push({ issue: number, artefact: record.artefact });
  }
  return closed;
}
