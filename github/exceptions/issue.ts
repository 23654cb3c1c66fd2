// How an exception (or a gap or review request) reads in its issue: a structured body regenerated from the
// record on every change, followed by the signed record itself, and the labels that display its state.
import { inline, link } from '../../src/reports/safe-markdown.js';
import { daysBetween } from '../../src/time/dates.js';
import { label, type AssureConfig, type Tier } from '../config/types.js';
import { lastDay } from '../../src/engine/exemptions.js';
import { OPEN, recordBlock, type AnyRecord, type Decision, type ExceptionRecord, type RecordKeys, type RecordPlace, type TicketRecord } from './record.js';

export const TIER_NAMES: Record<Tier, string> = {
  architecture: 'architecture team',
  forum: 'technical design forum',
  deputy_directors: 'nominated Deputy Directors',
  board: 'Design and Delivery Board',
};

export const STATUS_TEXT: Record<ExceptionRecord['status'], string> = {
  requested: 'requested: waiting for a decision',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired: the check fails again',
  revoked: 'revoked',
  withdrawn: 'withdrawn by the team',
  closed: 'closed: the design now complies',
};

/** `@org/team` for a configured team, or a plain name when none is configured. */
export function teamMention(team: string | undefined, fallback: string): string {
  return team ? `@${team}` : fallback;
}

export function decidingTeam(config: AssureConfig, tier: Tier): string | undefined {
  return config.deciders[tier];
}

/** A repository path as a URL path: each segment encoded. */
function pathUrl(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function exceptionTitle(record: ExceptionRecord): string {
  return `Exception (${record.kind}): ${record.artefact} for ${record.design}`;
}

function history(entries: readonly Decision[]): string[] {
  if (entries.length === 0) return [];
  return [
    '#### Decisions',
    '',
    '| When | Who | What | How they were recognised | Note |',
    '| --- | --- | --- | --- | --- |',
    ...entries.map((d) => `| ${d.at.slice(0, 16).replace('T', ' ')} | ${inline(d.by, 60)} | ${d.action} | ${inline(d.rule ?? '', 120)} | ${inline(d.note ?? '', 300)} |`),
    '',
  ];
}

export function exceptionBody(record: ExceptionRecord, config: AssureConfig, keys: RecordKeys, place: RecordPlace, today: string): string {
  const pull = record.pull !== undefined ? ` · ${link(`pull request ${record.pull}`, `${record.designUrl}/pull/${record.pull}`)}` : '';
  const ends = [record.expires && `expires ${record.expires} (the last day it is in force)`, record.realignBy && `realign by ${record.realignBy}`].filter(Boolean).join('; ');
  const left = record.status === 'approved' && record.expires ? ` · ${Math.max(0, daysBetween(today, record.expires))} days left` : '';
  const deciders = teamMention(decidingTeam(config, record.tier), `the ${TIER_NAMES[record.tier]}`);
  const area = record.area && Object.hasOwn(config.areas, record.area) ? config.areas[record.area] : undefined;
  const rows: Array<[string, string]> = [
    ['Design', `${link(inline(record.design), record.designUrl)}${pull}`],
    ['Artefact', `${link(inline(record.artefact), record.artefactSource)}: ${inline(record.artefactTitle)}`],
    ['Kind', record.kind],
    ['Status', `**${STATUS_TEXT[record.status]}**${ends ? ` · ${ends}` : ''}${left}`],
    ['Decided by', `${TIER_NAMES[record.tier]} (${deciders})${record.kind === 'major' ? ` · ${config.exceptions.approvals.major} approvals needed` : ''}`],
    ['Requested by', `@${record.requester}`],
    ...(record.area ? [['Area of work', `${inline(record.area)}${area ? ` (@${area})` : ''}`] as [string, string]] : []),
    ['Proposed end', record.proposedEnd ?? 'none given'],
  ];
  const lines = [
    `### ${inline(exceptionTitle(record), 250)}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '#### Reason',
    '',
    inline(record.reason, 2000),
    '',
    '#### Conditions',
    '',
    ...(record.conditions.length > 0 ? record.conditions.map((c) => `- ${inline(c, 500)}`) : ['None proposed.']),
    '',
    `#### What fails (${record.findings.length})`,
    '',
    ...(record.findings.length > 0
      ? [
          '| Rule | Finding | Where |',
          '| --- | --- | --- |',
          ...record.findings.map((f) => `| ${inline(f.rule, 80)} | ${inline(f.message, 300)} | ${f.line ? link(`${inline(record.manifest)} line ${f.line}`, `${record.designUrl}/blob/HEAD/${pathUrl(record.manifest)}#L${f.line}`) : inline(f.path, 120)} |`),
        ]
      : ['Nothing failed when this was asked for.']),
    '',
    ...history(record.history),
    '#### Deciding',
    '',
    `${deciders}: comment \`/approve until YYYY-MM-DD\` (with conditions on the lines below), \`/reject REASON\` or \`/escalate\`. Later: \`/extend YYYY-MM-DD\`, \`/revoke REASON\`. The requester can \`/withdraw\`. Only the deciding team can decide, and never the requester or the pull request's author.`,
    '',
    '<sub>assure keeps this issue up to date: edits to this description are put back, and labels show the state recorded below.</sub>',
    '',
    recordBlock(record, keys, place),
  ];
  return lines.join('\n');
}

export function ticketTitle(record: TicketRecord): string {
  return record.type === 'gap' ? `Gap in the standards, raised by ${record.design}` : `Design review asked for ${record.design}`;
}

export function ticketBody(record: TicketRecord, config: AssureConfig, keys: RecordKeys, place: RecordPlace): string {
  const architects = teamMention(config.deciders.architecture, 'the architecture team');
  const pull = record.pull !== undefined ? ` · ${link(`pull request ${record.pull}`, `${record.designUrl}/pull/${record.pull}`)}` : '';
  const ask =
    record.type === 'gap'
      ? `${architects}: @${record.requester} says the design needs something no standard covers. Decide whether a standard, pattern or guidance should cover it.`
      : `${architects}: @${record.requester} asks for a peer review of the design. Agree a time, record the actions here, and track significant decisions.`;
  return [
    `### ${inline(ticketTitle(record), 250)}`,
    '',
    `Design: ${link(inline(record.design), record.designUrl)}${pull}`,
    '',
    ask,
    '',
    '#### What they wrote',
    '',
    record.text ? inline(record.text, 2000) : 'Nothing more.',
    '',
    recordBlock(record, keys, place),
  ].join('\n');
}

/** GitHub refuses an issue body longer than this. */
export const MAX_ISSUE_BODY = 65_536;

const CUT_NOTE = "*This description was cut to fit GitHub's limit; the whole record is kept below it.*";

/** Longest a record's block may be and leave room for the description above it. */
const BLOCK_MAX = MAX_ISSUE_BODY - 4_000;

/**
 * The issue's description for a record, signed for `place`, within GitHub's limit however much escaping
 * grew what people wrote: the readable part is cut first; a record too large for any description has its
 * notes shortened (its decisions, dates and deciders are kept) and is signed as shortened.
 */
export function bodyFor(record: AnyRecord, config: AssureConfig, keys: RecordKeys, place: RecordPlace, today: string): string {
  const render = (r: AnyRecord): string => (r.type === 'exception' ? exceptionBody(r, config, keys, place, today) : ticketBody(r, config, keys, place));
  let body = render(record);
  if (body.length - body.lastIndexOf(OPEN) > BLOCK_MAX) body = render(shortened(record));
  if (body.length <= MAX_ISSUE_BODY) return body;
  const at = body.lastIndexOf(OPEN);
  const block = body.slice(at);
  if (block.length > BLOCK_MAX) throw new Error(`The record of issue #${place.issue} is too large for an issue description (${block.length} characters), even shortened`);
  return `${body.slice(0, MAX_ISSUE_BODY - block.length - CUT_NOTE.length - 4)}\n\n${CUT_NOTE}\n${block}`;
}

const cut = (text: string | undefined, max: number): string | undefined => (text === undefined || text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The record with its free text shortened: notes, conditions, reason and the findings' messages (a ticket's text). */
function shortened(record: AnyRecord): AnyRecord {
  if (record.type !== 'exception') return { ...record, text: cut(record.text, 500)! };
  return {
    ...record,
    history: record.history.map((d) => (d.note === undefined ? d : { ...d, note: cut(d.note, 200)! })),
    reason: cut(record.reason, 500)!,
    conditions: record.conditions.slice(0, 10).map((c) => cut(c, 200)!),
    findings: record.findings.slice(0, 20).map((f) => ({ ...f, message: cut(f.message, 200)! })),
  };
}

/** An approved exemption within the first reminder offset of its end. */
export function expiringSoon(record: ExceptionRecord, config: AssureConfig, today: string): boolean {
  const end = lastDay(record);
  const window = Math.max(0, ...config.exceptions.reminders);
  return record.status === 'approved' && end !== undefined && daysBetween(today, end) <= window && daysBetween(today, end) >= 0;
}

/** The labels that display a record's state. */
export function labelsFor(record: AnyRecord, config: AssureConfig, today: string): string[] {
  if (record.type !== 'exception') return [label(config, record.type)];
  return [label(config, 'exception'), label(config, record.kind), label(config, record.status), ...(expiringSoon(record, config, today) ? [label(config, 'expiring soon')] : [])];
}

/** Is this one of assure's own labels (which only assure may set)? */
export function isOwnLabel(name: string, config: AssureConfig): boolean {
  return name.toLowerCase().startsWith(`${config.labels.prefix.toLowerCase()}: `);
}

/** The labels an issue should carry: everyone else's kept, assure's replaced by the record's. */
export function mergeLabels(current: readonly string[], desired: readonly string[], config: AssureConfig): string[] | undefined {
  const others = current.filter((l) => !isOwnLabel(l, config));
  const mine = current.filter((l) => isOwnLabel(l, config));
  const same = mine.length === desired.length && desired.every((d) => mine.some((m) => m.toLowerCase() === d.toLowerCase()));
  return same ? undefined : [...others, ...desired];
}
