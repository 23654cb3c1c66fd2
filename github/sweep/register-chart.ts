// The exemptions register's Mermaid Gantt chart: each exemption in force drawn from its approval to its
// last day (inclusive, so one ending today is still a one-day bar), the register's date marked, and a
// line saying how many were left out when there are more than the chart holds.
import { addDays, daysBetween } from '../../src/time/dates.js';
import type { Register, RegisterRow } from './exemptions-register.js';
import { compareText } from '../../src/compare.js';

/** The most bars a chart shows: those ending soonest. */
export const CHART_ROWS = 60;

const KINDS = ['minor', 'challenge', 'major'] as const;

/**
 * Text people control (repository and artefact names) as Mermaid task text: letters, digits, spaces and
 * `. _ / ( ) -` only. Mermaid ends task text at `:`, a statement at `;` or a line break, and reads `#`
 * and `%%` as comments; a backtick could end the Markdown fence around the chart.
 */
export function mermaidText(text: string, max = 80): string {
  const plain = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._/()-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.slice(0, max).trim();
}

function lastDayOf(row: RegisterRow): string | undefined {
  return [row.expires, row.realign_by].filter((d): d is string => !!d).sort()[0];
}

function bar(row: RegisterRow, end: string, date: string): string {
  // Starts at approval (today when that is unknown, never after the last day) and covers the last day.
  const start = [row.approved ?? date, end].sort()[0]!;
  const days = daysBetween(start, addDays(end, 1));
  const state = daysBetween(date, end) <= 30 ? 'crit' : 'active';
  // The issue number leads the task text, so no name can start it with a Mermaid keyword (section, click, ...).
  const name = [String(row.issue), mermaidText(row.artefact), mermaidText(row.repository)].filter(Boolean).join(' ');
  return `  ${name} :${state}, ex${row.issue}, ${start}, ${days}d`;
}

/** The chart as Markdown lines (a fenced mermaid block and, when rows were left out, a line saying so). */
export function registerGantt(register: Register, limit = CHART_ROWS): string[] {
  const dated = register.rows
    .filter((r) => r.status === 'approved')
    .map((row) => ({ row, end: lastDayOf(row) }))
    .filter((r): r is { row: RegisterRow; end: string } => r.end !== undefined)
    .sort((a, b) => compareText(a.end, b.end) || a.row.issue - b.row.issue);
  if (dated.length === 0) return [];
  const shown = dated.slice(0, limit);
  const lines = ['```mermaid', 'gantt', '  title Exemptions in force', '  dateFormat YYYY-MM-DD', '  axisFormat %Y-%m-%d', '  section Register', `  as of ${register.date} :milestone, asof, ${register.date}, 0d`];
  for (const kind of KINDS) {
    const ofKind = shown.filter((r) => r.row.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(`  section ${kind}`);
    for (const { row, end } of ofKind) lines.push(bar(row, end, register.date));
  }
  lines.push('```');
  const left = dated.length - shown.length;
  if (left > 0) lines.push('', `The chart shows the ${shown.length} exemptions in force that end soonest; ${left} more end later (see the table, or \`assure register --format csv\`).`);
  return lines;
}
