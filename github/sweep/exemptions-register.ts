// The exemptions register: every exemption in force and recently ended, with counts by kind, area and
// artefact, and as JSON (for a dashboard). register-markdown.ts writes it as the register issue's body
// (with a Gantt chart, register-chart.ts) and register-csv.ts for a spreadsheet.
import { addDays, daysBetween } from '../../src/time/dates.js';
import { calendarDate, DEFAULT_TIME_ZONE } from '../../src/time/clock.js';
import type { ExceptionRecord } from '../exceptions/record.js';
import { lastDay } from '../../src/engine/exemptions.js';
import { compareText } from '../../src/compare.js';

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
  /** The day the exemption came into force: its last needed approval. */
  approved?: string;
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

function endedOn(record: ExceptionRecord, timeZone: string): string | undefined {
  const decided = [...record.history].reverse().find((d) => ['expire', 'revoke', 'withdraw', 'close'].includes(d.action));
  return decided ? calendarDate(new Date(decided.at), timeZone) : lastDay(record);
}

function approvedOn(record: ExceptionRecord, timeZone: string): string | undefined {
  const last = record.approvals.map((a) => a.at).sort().at(-1);
  return last === undefined ? undefined : calendarDate(new Date(last), timeZone);
}

function count(rows: readonly RegisterRow[], key: (r: RegisterRow) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => compareText(a, b)));
}

/** Approved exemptions, and those that expired, were revoked or closed within the last RECENT_DAYS. */
export function buildRegister(entries: ReadonlyArray<{ number: number; url: string; record: ExceptionRecord }>, date: string, timeZone = DEFAULT_TIME_ZONE): Register {
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
      const ended = endedOn(record, timeZone);
      return ended !== undefined && ended >= since;
    })
    .map(({ number, url, record }): RegisterRow => {
      const end = lastDay(record);
      const approved = approvedOn(record, timeZone);
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
        ...(approved ? { approved } : {}),
        ...(record.expires ? { expires: record.expires } : {}),
        ...(record.realignBy ? { realign_by: record.realignBy } : {}),
        ...(end ? { days_left: daysBetween(date, end) } : {}),
      };
    })
    .sort((a, b) => (a.status === 'approved' ? 0 : 1) - (b.status === 'approved' ? 0 : 1) || compareText(a.expires ?? '9999', b.expires ?? '9999') || a.issue - b.issue);
  const inForce = rows.filter((r) => r.status === 'approved');
  return { date, rows, counts: { kind: count(inForce, (r) => r.kind), area: count(inForce, (r) => r.area), artefact: count(inForce, (r) => r.artefact) } };
}

export function registerJson(register: Register): string {
  return `${JSON.stringify(register, null, 2)}\n`;
}
