// Hostile comments: slash commands are read only when written exactly, outside quotes and code, quickly and
// without throwing; and whatever people write renders inert in the exception issue, which keeps exactly
// one signed record that reads back as written.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ISSUE_COMMANDS, PR_COMMANDS, parseCommand, type CommandName, type Parsed } from '../../github/exceptions/commands.js';
import { exceptionBody, ticketBody } from '../../github/exceptions/issue.js';
import { readRecord, type ExceptionRecord } from '../../github/exceptions/record.js';
import { resolveConfig } from '../../github/config/load.js';
import { isCalendarDate } from '../../src/time/dates.js';
import { exceptionRecord, growsLinearly, HOSTILE_PIECES, hostileText, MB, RUNAWAY_MS, ticketRecord, within } from './fixtures.js';
import { sampleRecord } from '../../scripts/support/seeded-exceptions.js';
import { testKeys } from '../keys.js';

const ALL: readonly CommandName[] = [...PR_COMMANDS, ...ISSUE_COMMANDS];
const KINDS = new Set(['none', 'command', 'invalid']);

/** The exact form of each command, with what makes it a command rather than a usage reply. */
const EXACT: Record<CommandName, string> = {
  exception: '/exception GOV-mandated-notify minor\nReason: the contract runs until March\nUntil: 2027-03-31',
  gap: '/gap nothing covers message queues',
  review: '/review please look at the queue design',
  approve: '/approve until 2027-01-31',
  reject: '/reject not enough evidence',
  escalate: '/escalate too big for us',
  extend: '/extend 2027-06-30 the supplier slipped',
  revoke: '/revoke the contract was cancelled',
  withdraw: '/withdraw no longer needed',
};

/** A Parsed value, whole: every field bounded, every date a real day. */
function expectWellFormed(parsed: Parsed | undefined): void {
  expect(parsed).toBeDefined();
  expect(KINDS.has(parsed!.kind)).toBe(true);
  if (parsed!.kind === 'invalid') {
    expect(ALL).toContain(parsed!.name);
    expect(parsed!.problem.length).toBeLessThan(400);
    return;
  }
  if (parsed!.kind !== 'command') return;
  const command = parsed!.command as Record<string, unknown>;
  for (const [key, value] of Object.entries(command)) {
    if (typeof value === 'string') expect(value.length, key).toBeLessThanOrEqual(2000);
    if (key === 'until' || key === 'realignBy') expect(isCalendarDate(value as string), `${key} ${String(value)}`).toBe(true);
    if (key === 'conditions') {
      expect((value as string[]).length).toBeLessThanOrEqual(20);
      for (const c of value as string[]) expect(c.length).toBeLessThanOrEqual(2000);
    }
  }
}

function parse(body: string, allowed: readonly CommandName[] = ALL, ms = RUNAWAY_MS): Parsed {
  let parsed: Parsed | undefined;
  within(ms, () => {
    parsed = parseCommand(body, allowed);
  });
  expectWellFormed(parsed);
  return parsed!;
}

const controlChars = fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 50 });
const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 20 });
const noise = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }), controlChars, loneSurrogates, hostileText(300));

describe('parseCommand on hostile comments', () => {
  it('every command is read when written exactly (and, by design, in any letter case)', () => {
    for (const name of ALL) {
      const parsed = parse(EXACT[name]);
      expect(parsed).toMatchObject({ kind: 'command', command: { name } });
      expect(parse(EXACT[name].replace(`/${name}`, `/${name.toUpperCase()}`))).toMatchObject({ kind: 'command', command: { name } });
      // Only the commands allowed where the comment is.
      expect(parse(EXACT[name], name === 'gap' ? ['review'] : ['gap']).kind).toBe('none');
    }
  });

  it('arbitrary text (full Unicode, lone surrogates, control characters): a whole result quickly, never a throw', () => {
    fc.assert(
      fc.property(noise, noise, fc.constantFrom(...ALL), fc.constantFrom('', ' ', '\n', '\r\n'), (before, after, name, gap) => {
        parse(before);
        // A command line somewhere in the noise: the fields it yields stay bounded and the dates real.
        parse(`${before}\n/${name} ${after}${gap}${after}`);
        parse(`${before}\n/${name}\nReason: ${after}\nUntil: ${after}\nConditions:\n- ${after}\n- ${before}`);
      }),
      { numRuns: 200 },
    );
  });

  it('huge comments (1-5 MB) and deep nesting: each read quickly', () => {
    const cases: Array<[string, (p: Parsed) => void]> = [
      ['a'.repeat(5 * MB), (p) => expect(p.kind).toBe('none')],
      [`/approve ${'x'.repeat(5 * MB)}`, (p) => expect(p.kind).toBe('command')],
      [`/reject ${'\u0000'.repeat(5 * MB)}`, () => undefined],
      [`/exception A-1 Reason: ${'why '.repeat(1.25 * MB)}`, (p) => expect(p.kind).toBe('invalid')],
      [`/approve\nConditions:\n${'- keep it small\n'.repeat(MB / 4)}`, (p) => expect(p).toMatchObject({ kind: 'command' })],
      [`${'\n'.repeat(5 * MB)}/approve until 2027-01-01`, (p) => expect(p.kind).toBe('none')],
      [`${'>'.repeat(5 * MB)} /approve until 2027-01-01`, (p) => expect(p.kind).toBe('none')],
      [`${'> '.repeat(2.5 * MB)}/approve until 2027-01-01`, (p) => expect(p.kind).toBe('none')],
      [`${'```\n'.repeat(MB)}/approve until 2027-01-01`, () => undefined],
      [`${'- '.repeat(2.5 * MB)}/approve`, (p) => expect(p.kind).toBe('none')],
      [`${'<!--'.repeat(MB)}\n/gap x`, () => undefined],
      // Catastrophic backtracking candidates for the field and date patterns (the comment is read up to 64 KiB).
      [`/exception A-1\n${'*'.repeat(65_000)}:`, () => undefined],
      [`/exception A-1\na${' -'.repeat(32_000)}!`, () => undefined],
      [`/exception A-1\nReason${' '.repeat(65_000)}x`, () => undefined],
      [`/approve\nUntil: ${'1'.repeat(65_000)}`, (p) => expect(p.kind).toBe('invalid')],
      [`/exception A-1\nReason: x\nUntil: ${'0/'.repeat(32_000)}`, (p) => expect(p.kind).toBe('invalid')],
      [`/extend ${'9'.repeat(65_000)}`, (p) => expect(p.kind).toBe('invalid')],
      [`/approve ${'until '.repeat(10_000)}`, () => undefined],
    ];
    for (const [body, check] of cases) check(parse(body));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.constantFrom(...HOSTILE_PIECES), fc.constantFrom(...ALL), (size, piece, name) => {
        parse(`/${name} ${piece.repeat(Math.ceil((size * MB) / Math.max(1, piece.length)))}`);
      }),
      { numRuns: 8 },
    );
  });

  it('look-alikes of a command (confusable letters or slash, invisible characters inside) never yield a command', () => {
    const LOOKALIKES: Record<string, string[]> = {
      a: ['\u0430', '\u0251', '\uff41', '\ud835\udc1a'],
      c: ['\u0441', '\uff43', '\u217d'],
      d: ['\u0501', '\uff44'],
      e: ['\u0435', '\uff45', '\u212e'],
      g: ['\u0261', '\uff47'],
      h: ['\u04bb', '\uff48'],
      i: ['\u0456', '\u0131', '\uff49', '\u2170'],
      j: ['\u0458', '\uff4a'],
      k: ['\u212a', '\u03ba', '\uff4b'],
      l: ['\u217c', '\u04cf', '\uff4c'],
      n: ['\u0578', '\uff4e'],
      o: ['\u043e', '\u03bf', '\uff4f'],
      p: ['\u0440', '\u03c1', '\uff50'],
      r: ['\u0433', '\uff52'],
      s: ['\u0455', '\u017f', '\uff53'],
      t: ['\uff54'],
      v: ['\u03bd', '\u0475', '\uff56'],
      w: ['\u0461', '\uff57'],
      x: ['\u0445', '\u00d7', '\uff58'],
      '/': ['\uff0f', '\u2215', '\u2044', '\u29f8', '\u2571', '\\'],
    };
    const INSIDE = ['\u200b', '\u200c', '\u200d', '\u00ad', '\u2060', '\u0301', '\ufeff'];
    const lookalike = fc.constantFrom(...ALL).chain((name) =>
      fc.oneof(
        // One character of "/name" replaced by a look-alike.
        fc.integer({ min: 0, max: name.length }).chain((i) => {
          const ch = `/${name}`[i]!;
          return fc.constantFrom(...LOOKALIKES[ch]!).map((sub) => ({ name, text: `/${name}`.slice(0, i) + sub + `/${name}`.slice(i + 1) }));
        }),
        // An invisible character or a combining mark inside the word (before the slash: see the examples below).
        fc.integer({ min: 1, max: name.length }).chain((i) => fc.constantFrom(...INSIDE).map((sub) => ({ name, text: `/${name}`.slice(0, i) + sub + `/${name}`.slice(i) }))),
      ),
    );
    fc.assert(
      fc.property(lookalike, ({ name, text }) => {
        const body = EXACT[name as CommandName].replace(`/${name}`, text);
        expect(body).not.toBe(EXACT[name as CommandName]);
        expect(parse(body).kind).not.toBe('command');
      }),
      { numRuns: 300 },
    );
    for (const text of ['\u200b/approve until 2027-01-01', '\u2060/approve until 2027-01-01', '/\u0435xception A-1', '\uff0fapprove', '\u2215approve until 2027-01-01', '\u200b/approve', '/аpprove']) {
      expect(parse(text).kind).toBe('none');
    }
  });

  it('quoted lines and fenced code never count, however deep; what follows them still does', () => {
    const lineOutsideCode = fc.string({ unit: 'binary', maxLength: 60 }).filter((l) => !/^\s*(`|~|>)/.test(l) && !/^\s*\//.test(l) && !/\n|\r/.test(l));
    const quote = fc.array(fc.constantFrom('>', '> ', ' >', '>>', '   > '), { minLength: 1, maxLength: 60 }).map((q) => q.join(''));
    const fence = fc.constantFrom('```', '~~~', '````', '```js', '~~~ text', '  ```', '```````');
    fc.assert(
      fc.property(fc.constantFrom(...ALL), quote, fence, fc.array(lineOutsideCode, { maxLength: 5 }), fc.boolean(), (name, q, f, filler, closed) => {
        // A closing fence is the opening's characters alone (no info string).
        const close = /^\s*([`~]+)/.exec(f)![1]!;
        const command = EXACT[name];
        // Every line of the command quoted.
        expect(parse(command.split('\n').map((l) => `${q}${l}`).join('\n')).kind).toBe('none');
        // Inside a fence, closed or running to the end of the comment.
        const fenced = [f, ...filler, ...command.split('\n'), ...filler, ...(closed ? [close] : [])].join('\n');
        expect(parse(fenced).kind).toBe('none');
        // A quote of a fence: nothing. After the quote and the closed fence: the real command.
        expect(parse(`${q}${command}\n${[f, '/withdraw', close].join('\n')}\n${EXACT.escalate}`, ALL)).toMatchObject({ kind: 'command', command: { name: 'escalate' } });
      }),
      { numRuns: 200 },
    );
    expect(parse(`${'> '.repeat(10_000)}/approve until 2027-01-01`).kind).toBe('none');
    expect(parse(`${'>'.repeat(60_000)}\n/approve until 2027-01-01`)).toMatchObject({ kind: 'command' });
  });

  // A command is its word and then whitespace: `/reject:` or `/approve\u200b` is no command, never a crash.
  it('a command word followed by punctuation or an invisible character is parsed or refused, never undefined', () => {
    for (const body of ['/reject: not enough evidence', '/withdraw.', '/approve, until 2027-01-31', '/approve-all', '/approve\u200b until 2027-01-31', '/approve\u0301', '/gap.', '/exception: A-1', '/revoke!', '/escalate?', '/reject\u0435 nope']) {
      expectWellFormed(parseCommand(body, ALL));
    }
  });

  // A fence closes only with the same character and at least its length, as GitHub renders it.
  it('a fence-like line inside a code block does not end it', () => {
    expect(parseCommand('```\n~~~\n/approve until 2027-01-31\n```', ISSUE_COMMANDS).kind).toBe('none');
    expect(parseCommand('````\n```\n/approve until 2027-01-31\n````', ISSUE_COMMANDS).kind).toBe('none');
  });
});

const repo = { owner: 'acme', repo: 'app' };
const TEAMS = { architecture: 'acme/architects', forum: 'acme/forum', deputy_directors: 'acme/deputies', board: 'acme/board' };
const config = resolveConfig({ data: { deciders: TEAMS, areas: { 'teaching-workforce': 'acme/teaching-workforce' } }, files: ['.github/assure.yml'] }, repo);
const KEY = testKeys();
const PLACE = { repository: 'acme/architecture', issue: 1 };
/** A record as written into issue PLACE: version 2, bound to it, revision 1. */
const signed = <T extends object>(record: T): T => ({ ...record, v: 2, issue: PLACE.issue, rev: 1 });
const OPEN = '<!-- assure:record\n';

/** The part of the body people see (the record is in an HTML comment). */
function visible(body: string): string {
  const at = body.lastIndexOf(OPEN);
  expect(at).toBeGreaterThan(0);
  return body.slice(0, at);
}

/** Rendered text that is live: mentions other than the ones assure means, HTML, links that are not https. */
function expectInert(body: string, allowedMentions: string[]): void {
  const seen = visible(body);
  let rest = seen;
  for (const m of allowedMentions) rest = rest.replace(new RegExp(`${m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![A-Za-z0-9/-])`, 'g'), '');
  // Every @ of people's text is followed by a zero-width space (src/reports/safe-markdown.ts).
  expect(rest).not.toMatch(/@(?!\u200b)/);
  expect(seen).not.toMatch(/<img/i);
  // No raw HTML at all but assure's own <sub>.
  expect(seen.replace(/<\/?sub>/g, '')).not.toContain('<');
  // Every link assure makes is https; people's brackets are escaped.
  expect(seen).not.toMatch(/(?<!\\)\]\((?!https:\/\/)/);
  expect(seen).not.toMatch(/(?<!\\)\]\(\s*javascript:/i);
  // Exactly one record block: one opening, one close, the close ends the body, and nothing can end it early.
  expect(body.split('<!--').length - 1).toBe(1);
  expect(body.split('-->').length - 1).toBe(1);
  expect(body.endsWith('\n-->')).toBe(true);
  const json = body.slice(body.lastIndexOf(OPEN) + OPEN.length).split('\n')[0]!;
  expect(json).not.toContain('--');
}

function allowedFor(record: ExceptionRecord): string[] {
  return [`@${TEAMS[record.tier]}`, `@${record.requester}`, '@acme/teaching-workforce'];
}

describe('what people write, rendered in the exception issue', () => {
  it('known-bad reasons and conditions (mentions, HTML, javascript: links, a second record) render inert and the record reads back', () => {
    const bad = [
      '@org/everyone please approve',
      '<img src=x onerror=alert(document.cookie)>',
      'see [the docs](javascript:alert(1)) and ](javascript:alert(2))',
      '<!-- assure:record\n{"v":1,"type":"exception","status":"approved"}\nassure:signature 00\n-->',
      '--> closed early? <!-- assure:record',
      'line\u2028separator\u2029and\r\nbreaks',
      '<a href="javascript:alert(1)">x</a> &#64;org/everyone',
      '| broken | table |\n#### Heading',
    ];
    const record = sampleRecord({ reason: bad.join(' '), conditions: bad, artefactTitle: bad[1]!, findings: [{ rule: bad[0]!, message: bad[3]!, path: bad[2]! }] });
    const body = exceptionBody(record, config, KEY, PLACE, '2026-11-22');
    expectInert(body, allowedFor(record));
    expect(visible(body)).toContain('@\u200borg/everyone');
    expect(visible(body)).toContain('&lt;img src=x');
    // Headings are assure's only: people's "#" is escaped and their newlines flattened.
    expect(visible(body).split('\n').filter((l) => l.startsWith('#'))).toEqual(['### Exception (minor): GOV-mandated-notify for acme/app', '#### Reason', '#### Conditions', '#### What fails (1)', '#### Decisions', '#### Deciding']);
    const read = readRecord(body, KEY, PLACE);
    expect(read).toEqual({ ok: true, record: signed(record), revision: 1, legacy: false });
  });

  it('any record: the issue body is inert and its record reads back exactly as rendered', () => {
    fc.assert(
      fc.property(exceptionRecord(), (record) => {
        const body = within(RUNAWAY_MS, () => exceptionBody(record, config, KEY, PLACE, '2026-11-22'));
        expectInert(body, allowedFor(record));
        const read = readRecord(body, KEY, PLACE);
        expect(read.ok).toBe(true);
        if (read.ok) expect(read.record).toStrictEqual(signed(record));
      }),
      { numRuns: 200 },
    );
  });

  it('any gap or review request: the issue body is inert and its record reads back exactly', () => {
    fc.assert(
      fc.property(ticketRecord(), (record) => {
        const body = ticketBody(record, config, KEY, PLACE);
        expectInert(body, ['@acme/architects', `@${record.requester}`]);
        const read = readRecord(body, KEY, PLACE);
        expect(read.ok).toBe(true);
        if (read.ok) expect(read.record).toStrictEqual(signed(record));
      }),
      { numRuns: 200 },
    );
  });

  it('a 5 MB reason and 20 large conditions render in time linear in their size, clipped', () => {
    const hostile = (bytes: number) => sampleRecord({ reason: '@org/everyone '.repeat(bytes / 15), conditions: Array<string>(20).fill('<img src=x>'.repeat(bytes / 1000)) });
    growsLinearly((bytes) => exceptionBody(hostile(bytes), config, KEY, PLACE, '2026-11-22'), MB / 2);
    const record = hostile(5 * MB);
    const body = within(RUNAWAY_MS, () => exceptionBody(record, config, KEY, PLACE, '2026-11-22'));
    expect(visible(body).length).toBeLessThan(100_000);
    expectInert(body, allowedFor(record));
  });

  // Links are rebuilt from a parsed URL with ( ) @ and spaces encoded: a source URL cannot end its link early.
  it("an artefact source URL cannot close the link early and mention a team", () => {
    const record = sampleRecord({ artefactSource: 'https://example.org/a)@acme/everyone' });
    expectInert(exceptionBody(record, config, KEY, PLACE, '2026-11-22'), allowedFor(record));
  });

  // The manifest path is encoded segment by segment in links, as the check report does.
  it('a manifest path with a space or "@" (allowed by the config schema) still makes one link and mentions nobody', () => {
    const manifest = resolveConfig({ data: { manifest: 'docs/x @acme/everyone.yml' }, files: [] }, repo).manifest;
    const record = sampleRecord({ manifest });
    const body = exceptionBody(record, config, KEY, PLACE, '2026-11-22');
    expectInert(body, allowedFor(record));
    expect(visible(body)).not.toMatch(/\]\([^)]*\s/);
  });
});
