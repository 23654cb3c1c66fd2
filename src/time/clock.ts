import { isCalendarDate } from './dates.js';

/** Where time comes from: injected everywhere so tests and `--at` can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock {
  const instant = typeof at === 'string' ? instantOf(at) : at;
  return { now: () => new Date(instant.getTime()) };
}

export const DEFAULT_TIME_ZONE = 'Europe/London';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date an instant falls on in a time zone (e.g. 23:30Z in BST is already tomorrow). */
export function calendarDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (timeZone === DEFAULT_TIME_ZONE) {
    const london = londonDate(instant);
    if (london) return london;
  }
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(instant);
}

/**
 * The date in London by the rule in force since 1996: British Summer Time (UTC+1) from 01:00 UTC on the
 * last Sunday of March to 01:00 UTC on the last Sunday of October. Loading a time zone into Intl costs a
 * short command a noticeable part of its start; other years and zones go through Intl.
 */
function londonDate(instant: Date): string | undefined {
  const year = instant.getUTCFullYear();
  if (year < 1996 || year > 9999 || Number.isNaN(year)) return undefined;
  const summer = instant.getTime() >= lastSundayOneAm(year, 2) && instant.getTime() < lastSundayOneAm(year, 9);
  const local = new Date(instant.getTime() + (summer ? 3_600_000 : 0));
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}-${String(local.getUTCDate()).padStart(2, '0')}`;
}

/** 01:00 UTC on the last Sunday of a month (0-based), in milliseconds. */
function lastSundayOneAm(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0, 1));
  return last.getTime() - last.getUTCDay() * 86_400_000;
}

export function isTimeZone(name: string): boolean {
  // The default needs no check, and asking Intl costs a short command a noticeable part of its start.
  if (name === DEFAULT_TIME_ZONE) return true;
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Accepts a calendar date (taken as noon UTC, safely inside that day in every UK offset) or an ISO instant. */
export function instantOf(text: string): Date {
  if (isCalendarDate(text)) return new Date(`${text}T12:00:00Z`);
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    throw new RangeError(`"${text}" is not a date (YYYY-MM-DD) or an ISO 8601 date-time`);
  }
  return parsed;
}
