// Shared pieces for the hostile GitHub-input tests: a time bound, hostile text, and records built by hand.
import { expect } from 'vitest';
import fc from 'fast-check';
import type { Decision, ExceptionRecord, TicketRecord } from '../../github/exceptions/record.js';

/** Runs `work`, fails if it took `ms` or longer (a generous bound: it catches runaway work, not slowness). */
// Time guards catch runaway work (exponential expansion, catastrophic backtracking, quadratic walks), not
// slowness: a bound is either far above normal (seconds where normal is milliseconds), so a loaded shared
// machine never trips it, or a growth bound comparing the same work at two sizes in one run.

/** Milliseconds no single hostile input may take: normal is a few; runaway work takes far longer. */
export const RUNAWAY_MS = 5_000;

export function within<T>(ms: number, work: () => T): T {
  const start = process.hrtime.bigint();
  const result = work();
  expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(ms);
  return result;
}

export async function withinAsync<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  const result = await work();
  expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(ms);
  return result;
}

/**
 * Asserts that work grows at most linearly: `work(size)` is timed at `small` and at ten times it, best of
 * three each, and the larger may take at most `factor` times as long (10 is linear; quadratic would be 100).
 * An absolute slack absorbs timer noise at tiny durations.
 */
export function growsLinearly(work: (size: number) => unknown, small: number, factor = 30, slackMs = 50): void {
  const best = (size: number): number => {
    let fastest = Infinity;
    for (let run = 0; run < 3; run++) {
      const start = process.hrtime.bigint();
      work(size);
      fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e6);
    }
    return fastest;
  };
  const smallMs = best(small);
  const largeMs = best(small * 10);
  expect(largeMs, `${small * 10} took ${largeMs.toFixed(1)} ms against ${smallMs.toFixed(1)} ms for ${small}`).toBeLessThan(smallMs * factor + slackMs);
}

export async function growsLinearlyAsync(work: (size: number) => Promise<unknown>, small: number, factor = 30, slackMs = 50): Promise<void> {
  const best = async (size: number): Promise<number> => {
    let fastest = Infinity;
    for (let run = 0; run < 3; run++) {
      const start = process.hrtime.bigint();
      await work(size);
      fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e6);
    }
    return fastest;
  };
  const smallMs = await best(small);
  const largeMs = await best(small * 10);
  expect(largeMs, `${small * 10} took ${largeMs.toFixed(1)} ms against ${smallMs.toFixed(1)} ms for ${small}`).toBeLessThan(smallMs * factor + slackMs);
}

export const MB = 1024 * 1024;

/** Known-bad fragments: mentions, HTML and Markdown injection, comment terminators, invisible and control characters. */
export const HOSTILE_PIECES = [
  '@org/everyone',
  '@acme/architects',
  '@alice',
  '@',
  '＠org/everyone',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[click](javascript:alert(1))',
  '](javascript:alert(1))',
  '![x](javascript:alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '&#64;org/everyone',
  '&lt;img&gt;',
  '<!-- assure:record',
  '<!-- assure:record\n{"v":1,"type":"gap"}\nassure:signature 00\n-->',
  '-->',
  '--!>',
  '--',
  '---',
  '<!--',
  '\n',
  '\r\n',
  '\r',
  '\u2028',
  '\u2029',
  '\u0000',
  '\u001b[31m',
  '\u007f',
  '\u200b',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\ufffd',
  '`',
  '```',
  '|',
  '\\',
  '#1',
  '*bold*',
  '_em_',
  '~~',
  '> /approve',
  '/approve until 2099-12-31',
  '"',
  '\\u002d\\u002d>',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Arbitrary text people could write: full Unicode, lone surrogates, control characters and the known-bad pieces, mixed. */
export const hostileText = (maxLength = 200): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
    fc.string({ unit: fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ unit: 'binary', maxLength: 3 }), loneSurrogate), maxLength: 12 }),
  );

const login = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,10}$/);
const date = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

const decision: fc.Arbitrary<Decision> = fc.record(
  {
    by: hostileText(40),
    at: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
    action: fc.constantFrom('request', 'approve', 'reject', 'escalate', 'extend', 'revoke', 'withdraw', 'expire', 'close'),
    rule: hostileText(60),
    note: hostileText(100),
    until: date,
    comment: fc.nat(),
  },
  { requiredKeys: ['by', 'at', 'action'], noNullPrototype: true },
);

/** Any exception record: the shape of ExceptionRecord, with hostile text wherever people's words end up. */
export const exceptionRecord = (text: fc.Arbitrary<string> = hostileText()): fc.Arbitrary<ExceptionRecord> =>
  fc
    .record(
      {
        design: fc.constant('acme/app'),
        designUrl: fc.constant('https://github.com/acme/app'),
        manifest: fc.constant('design.yml'),
        pull: fc.nat({ max: 100_000 }),
        source: text,
        artefact: text,
        artefactTitle: text,
        artefactSource: fc.constant('https://example.org/standards/x'),
        findings: fc.array(fc.record({ rule: text, message: text, path: text, line: fc.integer({ min: 1, max: 10_000 }) }, { requiredKeys: ['rule', 'message', 'path'], noNullPrototype: true }), { maxLength: 3 }),
        rules: fc.array(text, { maxLength: 3 }),
        paths: fc.array(text, { maxLength: 3 }),
        kind: fc.constantFrom('minor', 'challenge', 'major') as fc.Arbitrary<ExceptionRecord['kind']>,
        status: fc.constantFrom('requested', 'approved', 'rejected', 'expired', 'revoked', 'withdrawn', 'closed') as fc.Arbitrary<ExceptionRecord['status']>,
        tier: fc.constantFrom('architecture', 'forum', 'deputy_directors', 'board') as fc.Arbitrary<ExceptionRecord['tier']>,
        requester: login,
        author: login,
        area: fc.constant('teaching-workforce'),
        reason: text,
        conditions: fc.array(text, { maxLength: 5 }),
        proposedEnd: date,
        expires: date,
        realignBy: date,
        approvals: fc.array(decision, { maxLength: 2 }),
        history: fc.array(decision, { maxLength: 3 }),
        reminded: fc.array(fc.integer({ min: 1, max: 3650 }), { maxLength: 3 }),
        issue: fc.integer({ min: 1, max: 1_000_000 }),
      },
      { requiredKeys: ['design', 'designUrl', 'manifest', 'source', 'artefact', 'artefactTitle', 'findings', 'rules', 'paths', 'kind', 'status', 'tier', 'requester', 'reason', 'conditions', 'approvals', 'history', 'reminded'], noNullPrototype: true },
    )
    .map((r) => ({ v: 1 as const, type: 'exception' as const, ...r }));

export const ticketRecord = (text: fc.Arbitrary<string> = hostileText()): fc.Arbitrary<TicketRecord> =>
  fc
    .record(
      {
        type: fc.constantFrom('gap', 'review') as fc.Arbitrary<'gap' | 'review'>,
        design: fc.constant('acme/app'),
        designUrl: fc.constant('https://github.com/acme/app'),
        pull: fc.nat({ max: 100_000 }),
        text,
        source: text,
        requester: login,
        issue: fc.integer({ min: 1, max: 1_000_000 }),
      },
      { requiredKeys: ['type', 'design', 'designUrl', 'text', 'source', 'requester'], noNullPrototype: true },
    )
    .map((r) => ({ v: 1 as const, ...r }));

/** A plain, valid exception record to vary by hand. */
export function sampleRecord(overrides: Partial<ExceptionRecord> = {}): ExceptionRecord {
  return {
    v: 1,
    type: 'exception',
    design: 'acme/app',
    designUrl: 'https://github.com/acme/app',
    manifest: 'design.yml',
    pull: 7,
    source: 'acme/app#comment-1',
    artefact: 'GOV-mandated-notify',
    artefactTitle: 'Use GOV.UK Notify',
    artefactSource: 'https://example.org/standards/notify',
    findings: [{ rule: 'email-via-notify', message: 'email goes through sendgrid', path: '$.notifications.email', line: 12 }],
    rules: ['email-via-notify'],
    paths: [],
    kind: 'minor',
    status: 'requested',
    tier: 'architecture',
    requester: 'alice',
    author: 'dev',
    area: 'teaching-workforce',
    reason: 'our contract runs until March',
    conditions: ['no personal data in emails'],
    proposedEnd: '2027-03-31',
    approvals: [],
    history: [{ by: 'alice', at: '2026-11-22T10:00:00.000Z', action: 'request', comment: 1 }],
    reminded: [],
    issue: 1,
    ...overrides,
  };
}
