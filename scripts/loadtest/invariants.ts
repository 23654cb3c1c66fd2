// What must hold after the load, however the deliveries interleaved, failed, were duplicated or redelivered.
// Each check reads the local GitHub's state directly (not through the App).
import { PR_COMMENT_MARKER } from '../../github/checks/comment.js';
import { readRecord, type RecordKeys } from '../../github/exceptions/record.js';
import type { GitHubSim } from '../../sim/github.js';
import { EXCEPTIONS, type World } from './scenario.js';
import type { DeliveryStats } from './driver.js';

export interface Invariant {
  name: string;
  ok: boolean;
  /** What was counted, and the first few offenders when broken. */
  detail: string;
}

const REPLY = /^<!-- assure:reply (\S+) -->/;

function sample(items: readonly string[], n = 5): string {
  return items.length === 0 ? '' : `: ${items.slice(0, n).join('; ')}${items.length > n ? ` (and ${items.length - n} more)` : ''}`;
}

export function checkInvariants(sim: GitHubSim, world: World, stats: DeliveryStats, recordKey: RecordKeys, earlier: readonly Invariant[] = []): Invariant[] {
  const out: Invariant[] = [...earlier];
  const add = (name: string, offenders: string[], counted: string): void => {
    out.push({ name, ok: offenders.length === 0, detail: offenders.length === 0 ? counted : `${offenders.length} broken${sample(offenders)}` });
  };

  // Check runs: one per delivery and commit (a re-check after an approval makes one run per pull request, all with the approval's delivery id).
  const runs = world.repos.flatMap((repo) => sim.checkRuns(repo));
  const byDelivery = new Map<string, number>();
  for (const run of runs) {
    const key = `${run.repo}@${run.headSha.slice(0, 7)} external_id=${run.externalId ?? '(none)'}`;
    byDelivery.set(key, (byDelivery.get(key) ?? 0) + 1);
  }
  add(
    'one check run per delivery id (and commit)',
    [...byDelivery].filter(([, n]) => n > 1).map(([key, n]) => `${n} runs for ${key}`),
    `${runs.length} check runs, ${byDelivery.size} distinct (commit, external_id)`,
  );
  add(
    'every check run completed with a conclusion',
    runs.filter((r) => r.status !== 'completed' || !r.conclusion).map((r) => `run ${r.id} on ${r.repo}@${r.headSha.slice(0, 7)} is ${r.status}`),
    `${runs.length} runs completed`,
  );
  add(
    'every check run carries a delivery id',
    runs.filter((r) => !r.externalId).map((r) => `run ${r.id} on ${r.repo}`),
    `${runs.length} runs with external_id`,
  );

  // The pull request comment: at most one per pull request; every failing one has it.
  const prComments = world.pulls.map((p) => ({ p, n: sim.comments(p.repo, p.number).filter((c) => c.user === sim.botLogin && c.body.startsWith(PR_COMMENT_MARKER)).length }));
  add(
    'at most one assure comment per pull request',
    prComments.filter(({ n }) => n > 1).map(({ p, n }) => `${p.repo}#${p.number} has ${n}`),
    `${prComments.filter(({ n }) => n === 1).length} pull requests with one, none with more`,
  );
  add(
    'every failing pull request has its comment',
    prComments.filter(({ p, n }) => p.failing && n === 0).map(({ p }) => `${p.repo}#${p.number}`),
    `${world.pulls.filter((p) => p.failing).length} failing pull requests`,
  );

  // Exception issues: one per (design, artefact).
  const issues = sim.issues(EXCEPTIONS).filter((i) => i.user === sim.botLogin);
  const byArtefact = new Map<string, number[]>();
  const unreadable: string[] = [];
  const records = new Map<number, ReturnType<typeof readRecord>>();
  for (const issue of issues) {
    const read = readRecord(issue.body, recordKey, { repository: EXCEPTIONS, issue: issue.number });
    records.set(issue.number, read);
    if (!read.ok) {
      unreadable.push(`#${issue.number} (${read.reason})`);
      continue;
    }
    if (read.record.type !== 'exception') continue;
    const key = `${read.record.design} ${read.record.artefact}`;
    byArtefact.set(key, [...(byArtefact.get(key) ?? []), issue.number]);
  }
  const failingDesigns = new Set(world.pulls.filter((p) => p.failing).map((p) => p.repo));
  add(
    'one exception issue per (design, artefact)',
    [...byArtefact].filter(([, n]) => n.length > 1).map(([key, n]) => `${key}: issues ${n.map((x) => `#${x}`).join(', ')}`),
    `${issues.length} issues for ${byArtefact.size} (design, artefact) pairs`,
  );
  add(
    'every exception issue bound to its signed record',
    [
      ...unreadable,
      ...[...records].flatMap(([number, read]) => (read.ok && read.record.issue !== number ? [`#${number} holds a record bound to ${read.record.issue === undefined ? 'no issue' : `#${read.record.issue}`}`] : [])),
    ],
    `${issues.length} records verified with the App's key`,
  );
  add(
    'every failing design got its exception issue',
    [...failingDesigns].filter((d) => ![...byArtefact.keys()].some((k) => k.startsWith(`${d} `))).map((d) => d),
    `${failingDesigns.size} failing designs`,
  );

  // Replies: one per command comment (none missing, none twice), and never two for the same key anywhere.
  const replies = new Map<string, number>();
  const threads = [...world.pulls.map((p) => ({ repo: p.repo, number: p.number })), ...issues.map((i) => ({ repo: EXCEPTIONS, number: i.number }))];
  for (const t of threads) {
    for (const c of sim.comments(t.repo, t.number)) {
      const key = c.user === sim.botLogin ? REPLY.exec(c.body)?.[1] : undefined;
      if (key) replies.set(`${t.repo}#${t.number} ${key}`, (replies.get(`${t.repo}#${t.number} ${key}`) ?? 0) + 1);
    }
  }
  add(
    'no reply posted twice',
    [...replies].filter(([, n]) => n > 1).map(([key, n]) => `${n} replies for ${key}`),
    `${[...replies.values()].reduce((a, b) => a + b, 0)} replies, ${replies.size} distinct keys`,
  );
  add(
    'every command answered',
    world.commands.filter((c) => !replies.has(`${c.repo}#${c.number} comment-${c.commentId}`)).map((c) => `${c.kind} comment ${c.commentId} by ${c.author} on ${c.repo}#${c.number}`),
    `${world.commands.length} commands (${world.commands.filter((c) => c.kind === 'exception').length} /exception, ${world.commands.filter((c) => c.kind === 'approve').length} /approve)`,
  );

  // Approvals: each approved issue's signed record says approved, by an architect who asked, never by the requester.
  const approvalsByIssue = new Map<number, { deciders: Set<string>; others: Set<string> }>();
  for (const c of world.commands.filter((x) => x.kind === 'approve')) {
    const entry = approvalsByIssue.get(c.number) ?? { deciders: new Set<string>(), others: new Set<string>() };
    (c.byDecider ? entry.deciders : entry.others).add(c.author.toLowerCase());
    approvalsByIssue.set(c.number, entry);
  }
  const lost: string[] = [];
  for (const [number, who] of approvalsByIssue) {
    const read = records.get(number);
    if (!read?.ok || read.record.type !== 'exception') {
      lost.push(`#${number}: no trusted record`);
      continue;
    }
    const by = read.record.approvals.map((a) => a.by.toLowerCase());
    if (read.record.status !== 'approved') lost.push(`#${number} is ${read.record.status}`);
    else if (!by.some((b) => who.deciders.has(b))) lost.push(`#${number} approved by ${by.join(', ') || 'nobody'}, not by ${[...who.deciders].join(' or ')}`);
    if (by.some((b) => who.others.has(b))) lost.push(`#${number} counts an approval by the requester`);
    if (by.length !== 1) lost.push(`#${number} has ${by.length} approvals (a minor exception needs 1)`);
  }
  add('every approval recorded in the signed record (by an architect, once)', lost, `${approvalsByIssue.size} issues approved`);

  add(
    'every delivery eventually accepted (2xx)',
    stats.abandoned.map((a) => `${a.event} ${a.id.slice(0, 8)} answered ${a.statuses.join(', ')}`),
    `${stats.originals} deliveries`,
  );
  add(
    'every request accepted by the OpenAPI check (sim.rejected empty)',
    sim.rejected.map((r) => `${r.method} ${r.path} -> ${r.status}: ${(r.errors ?? [])[0] ?? ''}`),
    `${sim.requests.length} requests`,
  );
  return out;
}

/** Titles of runs that concluded without deciding anything because GitHub kept failing (github/checks/run.ts): they ask for a re-run. */
export const UNFINISHED = new Set(['the check could not finish', 'the standards could not be read']);

/**
 * Every pull request's head has a check run and the latest one is green (every failing design has an
 * approved exemption by now), or says it could not finish because GitHub kept failing (the App's
 * designed answer to that: a concluded run asking for a re-run; counted, not a breach).
 */
export function greenAtHeads(sim: GitHubSim, world: World, stats: DeliveryStats, name: string): Invariant {
  const stale: string[] = [];
  let unfinished = 0;
  for (const p of world.pulls) {
    const head = sim.branchSha(p.repo, p.branch);
    const onHead = sim.checkRuns(p.repo, head);
    const last = onHead.at(-1);
    if (!last) stale.push(`${p.repo}#${p.number}: no check run on its head ${head.slice(0, 7)}`);
    else if (last.conclusion !== 'success' && UNFINISHED.has(last.output.title ?? '')) unfinished += 1;
    else if (last.conclusion !== 'success') {
      const by = (last.externalId && stats.described.get(last.externalId)) ?? `delivery ${last.externalId ?? '?'}`;
      stale.push(`${p.repo}#${p.number}: head ${head.slice(0, 7)} is ${last.conclusion ?? last.status} (latest of ${onHead.length} runs there, made by ${by}: "${last.output.title ?? ''}")`);
    }
  }
  const counted = `${world.pulls.length} pull requests${unfinished > 0 ? ` (${unfinished} with a run that could not finish and asks for a re-run)` : ''}`;
  return { name, ok: stale.length === 0, detail: stale.length === 0 ? counted : `${stale.length} broken${sample(stale)}` };
}
