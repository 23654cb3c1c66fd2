// The exemptions register: every exemption in force and recently ended, with counts and a Mermaid Gantt
// chart, as Markdown (the body of the register issue), CSV (for a spreadsheet) or JSON (for a dashboard).
import { inline } from '../../src/reports/safe-markdown.js';
import { addDays, daysBetween } from '../../src/time/dates.js';
import type { ExceptionRecord } from '../exceptions/record.js';
import { lastDay } from '../../src/engine/exemptions.js';

export interface RegisterRow {
  issue: number;
  url: string;
  repository: string;
  artefact: string;
  kind: string;
  status: string;
  area: string;
  requester: string;
  approvers: string[];
  conditions: string[];
  expires?: string;
  realign_by?: string;
  /** Days from today to the last day in force (negative once ended). */
  days_left?: number;
}

export interface Register {
  date: string;
  rows: RegisterRow[];
  counts: { kind: Record<string, number>; area: Record<string, number>; artefact: Record<string, number> };
}

/** How long an ended exemption stays in the register. */
export const RECENT_DAYS = 90;

function endedOn(record: ExceptionRecord): string | undefined {
  const decided = [...record.history].reverse().find((d) => ['expire', 'revoke', 'withdraw', 'close'].includes(d.action));
  return decided?.at.slice(0, 10) ?? lastDay(record);
}

function count(rows: readonly RegisterRow[], key: (r: RegisterRow) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Approved exemptions, and those that expired, were revoked or closed within the last RECENT_DAYS. */
export function buildRegister(entries: ReadonlyArray<{ number: number; url: string; record: ExceptionRecord }>, date: string): Register {
  const since = addDays(date, -RECENT_DAYS);
  // An exemption past its last day has ended, whether or not a sweep has recorded it yet.
  const settled = entries.map((e) => {
    const end = lastDay(e.record);
    return e.record.status === 'approved' && end !== undefined && end < date ? { ...e, record: { ...e.record, status: 'expired' as const } } : e;
  });
  const rows = settled
    .filter(({ record }) => {
      if (record.status === 'approved') return true;
      if (record.status !== 'expired' && record.status !== 'revoked' && record.status !== 'closed') return false;
      const ended = endedOn(record);
      return ended !== undefined && ended >= since;
    })
    .map(({ number, url, record }): RegisterRow => {
      const end = lastDay(record);
      return {
        issue: number,
        url,
        repository: record.design,
        artefact: record.artefact,
        kind: record.kind,
        status: record.status,
        area: record.area ?? 'none',
        requester: record.requester,
        approvers: record.approvals.map((a) => a.by),
        conditions: record.conditions,
        ...(record.expires ? { expires: record.expires } : {}),
        ...(record.realignBy ? { realign_by: record.realignBy } : {}),
        ...(end ? { days_left: daysBetween(date, end) } : {}),
      };
    })
    .sort((a, b) => (a.status === 'approved' ? 0 : 1) - (b.status === 'approved' ? 0 : 1) || (a.expires ?? '9999').localeCompare(b.expires ?? '9999') || a.issue - b.issue);
  const inForce = rows.filter((r) => r.status === 'approved');
  return { date, rows, counts: { kind: count(inForce, (r) => r.kind), area: count(inForce, (r) => r.area), artefact: count(inForce, (r) => r.artefact) } };
}

const CSV_COLUMNS = ['issue', 'url', 'repository', 'artefact', 'kind', 'status', 'area', 'requester', 'approvers', 'conditions', 'expires', 'realign_by', 'days_left'] as const;

function csvCell(value: unknown): string {
  const text = Array.isArray(value) ? value.join('; ') : value === undefined ? '' : String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function registerCsv(register: Register): string {
  return [CSV_COLUMNS.join(','), ...register.rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function registerJson(register: Register): string {
  return `${JSON.stringify(register, null, 2)}\n`;
}

/** Mermaid task text cannot hold `:`, `#` or `;`, and a section name ends at the line. */
function mermaidText(text: string): string {
  return text.replace(/[^A-Za-z0-9 ._/()-]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'exemption';
}

/** A Gantt chart of the exemptions in force, one section per kind, from today to each end date. */
export function registerGantt(register: Register, limit = 60): string[] {
  const rows = register.rows.filter((r) => r.status === 'approved' && (r.expires || r.realign_by)).slice(0, limit);
  if (rows.length === 0) return [];
  const lines = ['```mermaid', 'gantt', '  title Exemptions in force', '  dateFormat YYYY-MM-DD', '  axisFormat %Y-%m-%d', `  todayMarker on`];
  for (const kind of ['minor', 'challenge', 'major']) {
    const ofKind = rows.filter((r) => r.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(`  section ${kind}`);
    for (const r of ofKind) {
      const end = [r.expires, r.realign_by].filter((d): d is string => !!d).sort()[0]!;
      const state = (r.days_left ?? 0) <= 30 ? 'crit, ' : 'active, ';
      lines.push(`  ${mermaidText(`${r.artefact} ${r.repository}`)} :${state}ex${r.issue}, ${register.date}, ${end < register.date ? register.date : end}`);
    }
  }
  lines.push('```');
  return lines;
}

const MAX_BODY = 60_000;

function countTable(title: string, counts: Record<string, number>): string[] {
  const entries = Object.entries(counts);
  if (entries.length === 0) return [];
  return [`| ${title} | In force |`, '| --- | --- |', ...entries.map(([k, n]) => `| ${inline(k, 100)} | ${n} |`), ''];
}

/** The register as Markdown, within an issue body's size: rows beyond it are counted, and the CSV has them all. */
export function registerMarkdown(register: Register): string {
  const inForce = register.rows.filter((r) => r.status === 'approved').length;
  const head = [
    '### Exemptions register',
    '',
    `${inForce} exemption(s) in force and ${register.rows.length - inForce} ended in the last ${RECENT_DAYS} days, as of ${register.date}. Kept up to date by assure's sweep; \`assure register --format csv\` gives the same list for a spreadsheet.`,
    '',
    ...countTable('Kind', register.counts.kind),
    ...countTable('Area of work', register.counts.area),
    ...countTable('Artefact', register.counts.artefact),
    ...registerGantt(register),
    '',
  ];
  const table = ['| Exemption | Repository | Artefact | Kind | Status | Area | Requester | Approver | Conditions | Expires | Days left |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  let size = head.join('\n').length + table.join('\n').length;
  let shown = 0;
  for (const r of register.rows) {
    const line = `| [#${r.issue}](${r.url}) | ${inline(r.repository, 100)} | ${inline(r.artefact, 100)} | ${r.kind} | ${r.status} | ${inline(r.area, 60)} | ${inline(r.requester, 40)} | ${inline(r.approvers.join(', '), 80)} | ${inline(r.conditions.join('; '), 200)} | ${r.expires ?? ''}${r.realign_by ? ` (realign by ${r.realign_by})` : ''} | ${r.days_left ?? ''} |`;
    if (size + line.length + 200 > MAX_BODY) break;
    table.push(line);
    size += line.length + 1;
    shown++;
  }
  const more = register.rows.length - shown;
  return [...head, ...(register.rows.length > 0 ? table : ['No exemptions.']), ...(more > 0 ? ['', `${more} more not shown here: run \`assure register --format csv\` for the full list.`] : []), ''].join('\n');
}
