// An exception issue's description stays within GitHub's limit (65,536 characters) after escaping,
// however much of what people wrote is control characters, table pipes or mentions, and its signed
// record still verifies.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../github/config/load.js';
import { MAX_ISSUE_BODY, bodyFor } from '../../github/exceptions/issue.js';
import { readRecord } from '../../github/exceptions/record.js';
import { sampleRecord } from '../../scripts/support/seeded-exceptions.js';
import { testKeys } from '../keys.js';

const config = resolveConfig({ data: undefined, files: [] }, { owner: 'acme', repo: 'architecture' });
const place = { repository: 'acme/architecture', issue: 12 };
// Each of these grows when escaped: \u0001 to six characters in JSON, | and @ in Markdown, -- in a comment.
const hostile = (n: number): string => '\u0001|@acme/all--<img src=x>'.repeat(Math.ceil(n / 24)).slice(0, n);

describe('an exception issue description', () => {
  it('fits GitHub\'s limit with the largest text a request and its decisions can hold, and its record verifies', () => {
    const record = sampleRecord({
      reason: hostile(2000),
      conditions: Array.from({ length: 20 }, () => hostile(2000)),
      findings: Array.from({ length: 50 }, (_, i) => ({ rule: `r${i}`, message: hostile(2000), path: '$.x', line: i + 1 })),
      history: Array.from({ length: 30 }, (_, i) => ({ by: 'carol', at: '2026-11-22T10:00:00.000Z', action: 'extend' as const, note: hostile(2000), until: `2027-01-${String((i % 28) + 1).padStart(2, '0')}` })),
    });
    const body = bodyFor(record, config, testKeys(), place, '2026-11-22');
    expect(body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY);
    const read = readRecord(body, testKeys(), place);
    expect(read.ok).toBe(true);
    if (!read.ok || read.record.type !== 'exception') return;
    // Decisions, dates and deciders are kept; only free text is shortened.
    expect(read.record.history).toHaveLength(30);
    expect(read.record.history.map((d) => d.until)).toEqual(record.history.map((d) => d.until));
    expect(read.record.reason.length).toBeLessThanOrEqual(500);
  });

  it('cuts the readable part, never the record, when escaping makes the readable part too long', () => {
    const record = sampleRecord({ findings: Array.from({ length: 50 }, (_, i) => ({ rule: `r${i}`, message: '<'.repeat(300), path: '$.x', line: i + 1 })), conditions: Array.from({ length: 20 }, () => '<'.repeat(500)) });
    const body = bodyFor(record, config, testKeys(), place, '2026-11-22');
    expect(body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY);
    expect(body).toContain("cut to fit GitHub's limit");
    const read = readRecord(body, testKeys(), place);
    expect(read.ok && read.record.type === 'exception' && read.record.findings).toEqual(record.findings);
  });

  it('is left whole when it fits', () => {
    const record = sampleRecord({ reason: hostile(1500) });
    const body = bodyFor(record, config, testKeys(), place, '2026-11-22');
    expect(body).not.toContain("cut to fit GitHub's limit");
    const read = readRecord(body, testKeys(), place);
    expect(read.ok && read.record.type === 'exception' && read.record.reason).toBe(record.reason);
  });
});
