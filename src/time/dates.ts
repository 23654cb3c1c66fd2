// Calendar dates (YYYY-MM-DD) and ISO 8601 durations of whole days, weeks, months and years.
// Standards and exemptions speak in calendar dates, so all date logic works on those, not instants.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
}

/** True only for a real calendar date: 2026-24-10 and 2026-02-30 are not. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseDuration(text: string): Duration | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  return { years: Number(m[1] ?? 0), months: Number(m[2] ?? 0), weeks: Number(m[3] ?? 0), days: Number(m[4] ?? 0) };
}

/** Adds (sign 1) or subtracts (sign -1) a duration; month arithmetic clamps to the month's last day. */
export function addDuration(date: string, duration: Duration, sign: 1 | -1 = 1): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const totalMonths = y * 12 + (m - 1) + sign * (duration.years * 12 + duration.months);
  const ny = Math.floor(totalMonths / 12);
  const nm = (totalMonths % 12) + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  const base = Date.UTC(ny, nm - 1, nd) + sign * (duration.weeks * 7 + duration.days) * 86_400_000;
  return new Date(base).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return addDuration(date, { years: 0, months: 0, weeks: 0, days: Math.abs(days) }, days < 0 ? -1 : 1);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
