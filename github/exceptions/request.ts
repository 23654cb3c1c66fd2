// Commands on a pull request: /exception opens an exception issue for the deciding team, /gap and /review
// open an issue for the architecture team. Each is answered on the pull request with the issue's link, and
// a redelivered comment finds the issue it already opened.
import type { RuleResult } from '../../src/types.js';
import { inline } from '../../src/reports/safe-markdown.js';
import type { GitHubContext } from '../context.js';
import { fullName, type RepoRef } from '../repo.js';
import { label, type AssureConfig } from '../config/types.js';
import { serialise } from '../serialise.js';
import { evaluateDesign } from '../design/evaluate.js';
import { githubDesignSource, platformFromPayload } from '../design/source.js';
import { loadArtefactSources } from '../design/artefacts.js';
import type { Command } from './commands.js';
import { USAGE } from './commands.js';
import { decidingTeam, labelsFor, teamMention, TIER_NAMES } from './issue.js';
import type { AnyRecord, ExceptionRecord, TicketRecord } from './record.js';
import { exceptionRecords, exceptionsRepo, listExceptionIssues, loadExemptions, storedIssue, type StoredIssue } from './store.js';
import { replyOnce, saveRecord, titleFor, today } from './write.js';
import { addDays } from '../../src/time/dates.js';
import { isWebLink } from '../links.js';

export interface PullComment {
  design: RepoRef;
  designUrl: string;
  pull: number;
  pullAuthor: string;
  commentId: number;
  login: string;
}

export type RequestOutcome =
  | { kind: 'opened'; issue: number; url: string }
  | { kind: 'existing'; issue: number; url: string }
  | { kind: 'refused'; reason: string };

function sourceKey(at: PullComment): string {
  return `${fullName(at.design)}#comment-${at.commentId}`.toLowerCase();
}

async function answer(ctx: GitHubContext, at: PullComment, text: string): Promise<void> {
  await replyOnce(ctx, at.design, at.pull, `comment-${at.commentId}`, text);
}

export async function refuseOnPull(ctx: GitHubContext, at: PullComment, text: string): Promise<RequestOutcome> {
  await answer(ctx, at, text);
  return { kind: 'refused', reason: text };
}

/**
 * Opens the issue for a record. The issue is opened without a record and the first one is written once its
 * number is known, signed for it: no revision of a record exists that is not bound to its issue.
 */
async function openIssue(ctx: GitHubContext, config: AssureConfig, record: AnyRecord, opened?: StoredIssue): Promise<{ number: number; url: string }> {
  const target = exceptionsRepo(config);
  const date = today(ctx, config);
  if (opened) {
    // A delivery that failed between opening the issue and writing its record: finish that issue.
    await saveRecord(ctx, config, target, opened, record);
    return { number: opened.number, url: opened.url };
  }
  const { data } = await ctx.gh.rest.issues.create({
    owner: target.owner,
    repo: target.repo,
    title: titleFor(record),
    body: `assure is opening this issue; its description follows in a moment.\n\n${openingMarker(record.source)}`,
    labels: labelsFor(record, config, date),
  });
  await saveRecord(ctx, config, target, { number: data.number, labels: labelsFor(record, config, date), state: 'open' }, { ...record, issue: data.number });
  return { number: data.number, url: data.html_url };
}

function findings(results: readonly RuleResult[], artefact: string): ExceptionRecord['findings'] {
  return results
    .filter((r) => r.artefact === artefact && (r.status === 'fail' || r.status === 'warn'))
    .slice(0, 50)
    .map((r) => ({ rule: r.rule, message: r.message, path: r.path, ...(r.location?.line ? { line: r.location.line } : {}) }));
}

/** Names the request an issue is being opened for, until its first record is written. */
function openingMarker(source: string): string {
  return `<!-- assure:opening ${JSON.stringify(source).replace(/--/g, '-\\u002d')} -->`;
}

/** An issue assure opened for this request whose record it has not written yet. */
function openedFor(ctx: GitHubContext, issues: readonly StoredIssue[], source: string): StoredIssue | undefined {
  return issues.find((i) => i.distrust === 'missing' && i.author.toLowerCase() === ctx.botLogin.toLowerCase() && i.body.includes(openingMarker(source)));
}

export async function requestException(ctx: GitHubContext, config: AssureConfig, at: PullComment, command: Extract<Command, { name: 'exception' }>): Promise<RequestOutcome> {
  const target = exceptionsRepo(config);
  return serialise(`requests:${fullName(target)}`.toLowerCase(), async () => {
    const issues = await listExceptionIssues(ctx, config, false);
    const records = exceptionRecords(issues);
    const source = sourceKey(at);
    // Also an issue this request opened whose record was not yet bound to it (the delivery failed in between).
    const again = issues.find((i) => i.record?.type === 'exception' && i.record.source === source);
    if (again?.record) {
      await answer(ctx, at, `Exception requested: ${again.url}`);
      return { kind: 'existing', issue: again.number, url: again.url };
    }
    const artefacts = await loadArtefactSources(ctx, config, at.design.owner);
    const artefact = artefacts.artefacts.find((a) => a.id === command.artefact) ?? artefacts.artefacts.find((a) => a.id.toLowerCase() === command.artefact.toLowerCase());
    if (!artefact) return refuseOnPull(ctx, at, `@${at.login}, there is no artefact \`${inline(command.artefact, 100)}\` among the standards this repository is checked against. The check run lists the artefact of each finding.`);
    if (!artefact.exemptable) {
      return refuseOnPull(ctx, at, `@${at.login}, ${artefact.id} (${inline(artefact.title)}) is a legal requirement: no exemption can cover it, so the design must meet it.`);
    }
    const open = records.find(({ record }) => record.design.toLowerCase() === fullName(at.design).toLowerCase() && record.artefact === artefact.id && (record.status === 'requested' || record.status === 'approved'));
    if (open) return refuseOnPull(ctx, at, `@${at.login}, an exception to ${artefact.id} for this repository is already ${open.record.status}: ${open.issue.url}`);
    const date = today(ctx, config);
    const max = addDays(date, config.exceptions.max_days[command.kind]);
    if (command.until < date) return refuseOnPull(ctx, at, `@${at.login}, the proposed end date ${command.until} is in the past. Propose a date from ${date} to ${max}.`);
    if (command.until > max) return refuseOnPull(ctx, at, `@${at.login}, a ${command.kind} exemption can last at most ${config.exceptions.max_days[command.kind]} days: propose an end date no later than ${max}.`);

    const { data: pull } = await ctx.gh.rest.pulls.get({ owner: at.design.owner, repo: at.design.repo, pull_number: at.pull });
    const outcome = await evaluateDesign(ctx, config, at.design, pull.head.sha, loadExemptions, githubDesignSource(ctx, at.design, pull.head.sha, platformFromPayload(pull.base.repo)));
    if (outcome.kind !== 'evaluated') return refuseOnPull(ctx, at, `@${at.login}, the design manifest at ${pull.head.sha.slice(0, 7)} cannot be checked (${outcome.kind === 'no-manifest' ? `there is no ${outcome.path}` : 'it has errors'}): fix that first.`);
    const failing = findings(outcome.evaluation.results, artefact.id);
    if (failing.length === 0) return refuseOnPull(ctx, at, `@${at.login}, ${artefact.id} does not fail or warn on this pull request at ${pull.head.sha.slice(0, 7)}: no exception is needed.`);
    const service = (outcome.manifest.data as { service?: { area?: unknown } }).service;
    const area = typeof service?.area === 'string' ? service.area : undefined;
    const tier = command.kind === 'major' ? 'forum' : 'architecture';
    const record: ExceptionRecord = {
      v: 1,
      type: 'exception',
      design: fullName(at.design),
      designUrl: at.designUrl,
      manifest: outcome.path,
      pull: at.pull,
      source,
      artefact: artefact.id,
      artefactTitle: artefact.title,
      ...(isWebLink(artefact.source) ? { artefactSource: artefact.source } : {}),
      findings: failing,
      rules: [...new Set(failing.map((f) => f.rule))],
      paths: [],
      kind: command.kind,
      status: 'requested',
      tier,
      requester: at.login,
      author: at.pullAuthor,
      ...(area ? { area } : {}),
      reason: command.reason,
      conditions: command.conditions,
      proposedEnd: command.until,
      ...(command.realignBy ? { realignBy: command.realignBy } : {}),
      approvals: [],
      history: [{ by: at.login, at: ctx.clock.now().toISOString(), action: 'request', comment: at.commentId }],
      reminded: [],
    };
    const issue = await openIssue(ctx, config, record, openedFor(ctx, issues, source));
    const deciders = teamMention(decidingTeam(config, tier), `the ${TIER_NAMES[tier]}`);
    await answer(ctx, at, `Exception requested: ${issue.url}\n\nThe ${TIER_NAMES[tier]} (${deciders}) decides there. Once it is approved, this pull request's check runs again and the exemption applies until its end date.`);
    return { kind: 'opened', issue: issue.number, url: issue.url };
  });
}

export async function requestTicket(ctx: GitHubContext, config: AssureConfig, at: PullComment, command: Extract<Command, { name: 'gap' | 'review' }>): Promise<RequestOutcome> {
  const target = exceptionsRepo(config);
  return serialise(`requests:${fullName(target)}`.toLowerCase(), async () => {
    const source = sourceKey(at);
    const existing = await ctx.gh.paginate(ctx.gh.rest.issues.listForRepo, { owner: target.owner, repo: target.repo, labels: label(config, command.name), state: 'all', per_page: 100 });
    const stored = existing.map((i) => storedIssue(ctx, target, i));
    const again = stored.find((i) => i.record && i.record.type !== 'exception' && i.record.source === source);
    if (again) {
      await answer(ctx, at, `${command.name === 'gap' ? 'Gap raised' : 'Review asked for'}: ${again.url}`);
      return { kind: 'existing', issue: again.number, url: again.url };
    }
    const record: TicketRecord = { v: 1, type: command.name, design: fullName(at.design), designUrl: at.designUrl, pull: at.pull, text: command.text, source, requester: at.login };
    const issue = await openIssue(ctx, config, record, openedFor(ctx, stored, source));
    await answer(ctx, at, `${command.name === 'gap' ? 'Gap raised with the architecture team' : 'Design review asked for'}: ${issue.url}`);
    return { kind: 'opened', issue: issue.number, url: issue.url };
  });
}

/** The reply to a command that could not be read: the problem and the exact form expected. */
export function usageReply(login: string, name: keyof typeof USAGE, problem: string): string {
  return `@${login}, I could not read that \`/${name}\` command: ${inline(problem, 200)}. Write it like this:\n\n\`\`\`\n${USAGE[name]}\n\`\`\``;
}
