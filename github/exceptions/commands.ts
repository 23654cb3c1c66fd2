// Slash commands in comments, parsed leniently: the first line that starts with a known command, and the
// lines after it. Anything unclear gets the exact expected form back rather than a guess.
import type { ExemptionKind } from '../../src/types.js';
import { isCalendarDate } from '../../src/time/dates.js';

export type Command =
  | { name: 'exception'; artefact: string; kind: ExemptionKind; reason: string; until: string; realignBy?: string; conditions: string[] }
  | { name: 'gap'; text: string }
  | { name: 'review'; text: string }
  | { name: 'approve'; until?: string; realignBy?: string; conditions: string[] }
  | { name: 'reject'; reason: string }
  | { name: 'escalate'; reason: string }
  | { name: 'extend'; until: string; reason: string }
  | { name: 'revoke'; reason: string }
  | { name: 'withdraw'; reason: string };

export type CommandName = Command['name'];

export type Parsed = { kind: 'none' } | { kind: 'command'; command: Command } | { kind: 'invalid'; name: CommandName; problem: string; usage: string };

export const PR_COMMANDS: readonly CommandName[] = ['exception', 'gap', 'review'];
export const ISSUE_COMMANDS: readonly CommandName[] = ['approve', 'reject', 'escalate', 'extend', 'revoke', 'withdraw'];

export const USAGE: Record<CommandName, string> = {
  exception: ['/exception ARTEFACT-ID [minor|challenge|major]', 'Reason: why the design cannot meet the standard yet', 'Until: YYYY-MM-DD', 'Conditions:', '- what the team will do meanwhile'].join('\n'),
  gap: '/gap what the design needs that no standard covers',
  review: '/review what you would like the architecture team to look at',
  approve: ['/approve until YYYY-MM-DD', 'Conditions:', '- a condition of the exemption'].join('\n'),
  reject: '/reject the reason',
  escalate: '/escalate the reason',
  extend: '/extend YYYY-MM-DD the reason',
  revoke: '/revoke the reason',
  withdraw: '/withdraw',
};

const KINDS = new Set<ExemptionKind>(['minor', 'challenge', 'major']);
const MAX_COMMENT = 65_536;
const MAX_FIELD = 2_000;
const MAX_CONDITIONS = 20;

/** YYYY-MM-DD, or the UK's DD/MM/YYYY; undefined if neither names a real day. */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  if (isCalendarDate(t)) return t;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (!uk) return undefined;
  const iso = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : undefined;
}

/**
 * The comment's lines as a reader sees them, trimmed: not inside fenced or indented code, HTML comments or
 * quotes. A fence closes only with the same character, at least as long (as CommonMark has it).
 */
function liveLines(body: string): string[] {
  const out: string[] = [];
  let fence: { char: string; length: number } | undefined;
  let inComment = false;
  for (const raw of body.slice(0, MAX_COMMENT).split(/\r?\n/)) {
    const line = raw.trim();
    const marker = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence.char && marker.length >= fence.length && line.slice(marker.length).trim() === '') fence = undefined;
      continue;
    }
    if (marker && !/^ {4}|^\t/.test(raw)) {
      fence = { char: marker[0]!, length: marker.length };
      continue;
    }
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    if (line.startsWith('<!--')) {
      inComment = !line.includes('-->', 4);
      continue;
    }
    // Four spaces or a tab: an indented code block.
    if (/^( {4}|\t)/.test(raw) || line.startsWith('>')) continue;
    out.push(line);
  }
  return out;
}

function clip(text: string): string {
  return text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD - 1)}…` : text;
}

type Field = 'reason' | 'until' | 'conditions' | 'realignBy';

const FIELD_NAMES: Array<[RegExp, Field]> = [
  [/^(reason|why|justification|because)$/, 'reason'],
  [/^(until|end|enddate|expires|expiry|proposedend|proposedenddate|proposedexpiry|to|by)$/, 'until'],
  [/^(conditions?|mitigations?)$/, 'conditions'],
  [/^(realignby|realign|realignment|realignmentdate)$/, 'realignBy'],
];

function fieldOf(key: string): Field | undefined {
  const k = key.toLowerCase().replace(/[^a-z]/g, '');
  return FIELD_NAMES.find(([re]) => re.test(k))?.[1];
}

interface Body {
  reason: string[];
  until?: string;
  untilText?: string;
  realignBy?: string;
  realignText?: string;
  conditions: string[];
}

const BULLET = /^(?:[-*+•]|\d+[.)])\s+/;

/** `Key: value` lines and bullets under `Conditions:`; other text is the reason. */
function readBody(lines: readonly string[]): Body {
  const body: Body = { reason: [], conditions: [] };
  let current: Field = 'reason';
  for (const line of lines) {
    if (line === '') continue;
    const keyed = /^\**([A-Za-z][A-Za-z -]{0,30}?)\**\s*[:=]\**\s*(.*)$/.exec(line);
    const field = keyed ? fieldOf(keyed[1]!) : undefined;
    if (keyed && field) {
      const value = keyed[2]!.trim();
      current = field;
      if (field === 'until') {
        body.untilText = value;
        body.until = parseDate(value);
      } else if (field === 'realignBy') {
        body.realignText = value;
        body.realignBy = parseDate(value);
      } else if (field === 'conditions') {
        body.conditions.push(...value.split(';').map((c) => c.trim()).filter(Boolean));
      } else if (value) body.reason.push(value);
      continue;
    }
    if (current === 'conditions') {
      const item = line.replace(BULLET, '').trim();
      if (item) body.conditions.push(item);
    } else {
      current = 'reason';
      body.reason.push(line);
    }
  }
  return body;
}

function invalid(name: CommandName, problem: string): Parsed {
  return { kind: 'invalid', name, problem, usage: USAGE[name] };
}

function parseException(args: string[], rest: string[]): Parsed {
  const [artefact, ...more] = args;
  if (!artefact) return invalid('exception', 'the artefact id is missing');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(artefact)) return invalid('exception', `"${clip(artefact).slice(0, 100)}" is not an artefact id`);
  let kind: ExemptionKind = 'minor';
  const extra: string[] = [];
  for (const word of more) {
    const w = word.toLowerCase().replace(/[[\]()]/g, '');
    if (KINDS.has(w as ExemptionKind)) kind = w as ExemptionKind;
    else extra.push(word);
  }
  const body = readBody(extra.length > 0 ? [extra.join(' '), ...rest] : rest);
  const reason = body.reason.join(' ').trim();
  if (!reason) return invalid('exception', 'the reason is missing');
  if (body.untilText === undefined) return invalid('exception', 'the proposed end date (Until: YYYY-MM-DD) is missing');
  if (!body.until) return invalid('exception', `"${clip(body.untilText).slice(0, 40)}" is not a date: write it as YYYY-MM-DD`);
  if (body.realignText !== undefined && !body.realignBy) return invalid('exception', `realign-by "${clip(body.realignText).slice(0, 40)}" is not a date: write it as YYYY-MM-DD`);
  return {
    kind: 'command',
    command: { name: 'exception', artefact, kind, reason: clip(reason), until: body.until, ...(body.realignBy ? { realignBy: body.realignBy } : {}), conditions: body.conditions.slice(0, MAX_CONDITIONS).map(clip) },
  };
}

function parseApprove(args: string[], rest: string[]): Parsed {
  let until: string | undefined;
  let realignBy: string | undefined;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.toLowerCase();
    if ((w === 'until' || w === 'to') && args[i + 1]) {
      until = parseDate(args[++i]!);
      if (!until) return invalid('approve', `"${clip(args[i]!).slice(0, 40)}" is not a date: write it as YYYY-MM-DD`);
    } else if ((w === 'realign-by' || w === 'realign') && args[i + 1]) {
      realignBy = parseDate(args[++i]!);
      if (!realignBy) return invalid('approve', `realign-by "${clip(args[i]!).slice(0, 40)}" is not a date: write it as YYYY-MM-DD`);
    } else if (!until && parseDate(args[i]!)) until = parseDate(args[i]!);
    else words.push(args[i]!);
  }
  const body = readBody(rest);
  if (body.untilText !== undefined) {
    if (!body.until) return invalid('approve', `"${clip(body.untilText).slice(0, 40)}" is not a date: write it as YYYY-MM-DD`);
    until ??= body.until;
  }
  realignBy ??= body.realignBy;
  const inlineCondition = words.join(' ').trim();
  const conditions = [...(inlineCondition ? [inlineCondition] : []), ...body.conditions, ...(body.conditions.length === 0 ? body.reason : [])].filter(Boolean);
  return { kind: 'command', command: { name: 'approve', ...(until ? { until } : {}), ...(realignBy ? { realignBy } : {}), conditions: conditions.slice(0, MAX_CONDITIONS).map(clip) } };
}

function textOf(args: string[], rest: string[]): string {
  return clip([args.join(' '), ...rest].join('\n').trim());
}

/** Finds and parses the first command of `allowed` in a comment. */
export function parseCommand(body: string | null | undefined, allowed: readonly CommandName[]): Parsed {
  const lines = liveLines(body ?? '');
  // A command is the word right after the slash, then whitespace or the end of the line: `/reject:` is not one.
  const COMMAND = /^\/([a-z]+)(?=\s|$)/i;
  const index = lines.findIndex((l) => {
    const m = COMMAND.exec(l);
    return m ? allowed.includes(m[1]!.toLowerCase() as CommandName) : false;
  });
  if (index < 0) return { kind: 'none' };
  const name = COMMAND.exec(lines[index]!)![1]!.toLowerCase() as CommandName;
  const args = lines[index]!.split(/\s+/).slice(1).filter(Boolean);
  const rest = lines.slice(index + 1);
  switch (name) {
    case 'exception':
      return parseException(args, rest);
    case 'approve':
      return parseApprove(args, rest);
    case 'gap':
    case 'review': {
      const text = textOf(args, rest);
      if (name === 'gap' && !text) return invalid(name, 'say what the design needs that no standard covers');
      return { kind: 'command', command: { name, text } };
    }
    case 'extend': {
      const until = args[0] ? parseDate(args[0]) : undefined;
      if (!until) return invalid(name, args[0] ? `"${clip(args[0]).slice(0, 40)}" is not a date: write it as YYYY-MM-DD` : 'the new end date is missing');
      return { kind: 'command', command: { name, until, reason: textOf(args.slice(1), rest) } };
    }
    case 'reject':
    case 'revoke': {
      const reason = textOf(args, rest);
      if (!reason) return invalid(name, 'say why, so the team knows what to change');
      return { kind: 'command', command: { name, reason } };
    }
    case 'escalate':
    case 'withdraw':
      return { kind: 'command', command: { name, reason: textOf(args, rest) } };
  }
}
