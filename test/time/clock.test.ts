// The calendar date in London is worked out without loading a time zone into Intl: it must be the date
// Intl gives, every hour of years with both clock changes, and at each change's minute.
import { describe, expect, it } from 'vitest';
import { calendarDate } from '../../src/time/clock.js';

const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('calendarDate in Europe/London', () => {
  it('is the date Intl gives, every hour from 1996 to 2040', () => {
    const differing: string[] = [];
    for (let t = Date.UTC(1996, 0, 1); t < Date.UTC(2041, 0, 1); t += 3_600_000) {
      const instant = new Date(t);
      if (calendarDate(instant) !== intl.format(instant)) differing.push(instant.toISOString());
    }
    expect(differing).toEqual([]);
  });

  it('turns at local midnight either side of each clock change', () => {
    // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
    expect(calendarDate(new Date('2026-03-28T23:59:59Z'))).toBe('2026-03-28');
    expect(calendarDate(new Date('2026-03-29T00:59:59Z'))).toBe('2026-03-29');
    expect(calendarDate(new Date('2026-06-30T22:59:59Z'))).toBe('2026-06-30');
    expect(calendarDate(new Date('2026-06-30T23:00:00Z'))).toBe('2026-07-01');
    expect(calendarDate(new Date('2026-10-24T23:00:00Z'))).toBe('2026-10-25');
    expect(calendarDate(new Date('2026-10-25T23:59:59Z'))).toBe('2026-10-25');
    expect(calendarDate(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
  });

  it('asks Intl for years before the rule and for other zones', () => {
    const instant = new Date('1990-07-01T23:30:00Z');
    expect(calendarDate(instant)).toBe(intl.format(instant));
    expect(calendarDate(new Date('2026-07-01T23:30:00Z'), 'UTC')).toBe('2026-07-01');
    expect(calendarDate(new Date('2026-07-01T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-07-02');
  });
});
