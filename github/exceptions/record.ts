// The state of one exception: a record only assure writes, kept in the exception issue's body and signed
// with an HMAC so an edit by anyone else is detected. Labels only display it; GitHub alone holds it, so
// any replica (or the Action) can pick up any event.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Exemption, ExemptionKind, ExemptionStatus } from '../../src/types.js';
import type { Tier } from '../config/types.js';

export type RecordType = 'exception' | 'gap' | 'review';

export interface Decision {
  by: string;
  at: string;
  /** approve, reject, escalate, extend, revoke, withdraw, expire, close. */
  action: string;
  /** How the decider was recognised, e.g. "active member of DFE-Digital/architecture". */
  rule?: string;
  note?: string;
  /** An approval's or extension's end date. */
  until?: string;
  /** The comment that asked for it: a redelivered webhook finds it here and changes nothing. */
  comment?: number;
}

export interface ExceptionRecord {
  v: 1;
  type: 'exception';
  /** owner/repo of the design. */
  design: string;
  /** https://host/owner/repo of the design. */
  designUrl: string;
  /** The manifest's path in the design repository. */
  manifest: string;
  pull?: number;
  /** The PR comment the request came from: the idempotency key of the request. */
  source: string;
  artefact: string;
  artefactTitle: string;
  /** The artefact's source link, shown in the issue. */
  artefactSource?: string;
  /** What failed when the exception was asked for: rule, message and manifest line. */
  findings: Array<{ rule: string; message: string; path: string; line?: number }>;
  rules: string[];
  paths: string[];
  kind: ExemptionKind;
  status: ExemptionStatus;
  tier: Tier;
  requester: string;
  /** The pull request's author: may not approve either. */
  author?: string;
  area?: string;
  reason: string;
  conditions: string[];
  proposedEnd?: string;
  expires?: string;
  realignBy?: string;
  /** Distinct deciders who approved at the current decision (a major exception needs several). */
  approvals: Decision[];
  history: Decision[];
  /** Reminder offsets (days before the end) already posted for the current end date. */
  reminded: number[];
  /** The issue that holds the record; bound once the issue exists, so a copied record is worthless. */
  issue?: number;
}

/** A request for the architecture team that is not an exemption: a missing standard or a design review. */
export interface TicketRecord {
  v: 1;
  type: 'gap' | 'review';
  design: string;
  designUrl: string;
  pull?: number;
  text: string;
  source: string;
  requester: string;
  issue?: number;
}

export type AnyRecord = ExceptionRecord | TicketRecord;

const OPEN = '<!-- assure:record';
const SIGNATURE = 'assure:signature ';
const CLOSE = '-->';

function sign(key: string, json: string): string {
  return createHmac('sha256', key).update(json).digest('hex');
}

/** JSON that cannot end the HTML comment it sits in: "--" is written with a JSON escape. */
function embeddable(record: AnyRecord): string {
  return JSON.stringify(record).replace(/--/g, '-\\u002d');
}

/** The hidden, signed block that ends an issue body. */
export function recordBlock(record: AnyRecord, key: string): string {
  const json = embeddable(record);
  return `${OPEN}\n${json}\n${SIGNATURE}${sign(key, json)}\n${CLOSE}`;
}

export type ReadRecord = { ok: true; record: AnyRecord } | { ok: false; reason: 'missing' | 'tampered' | 'malformed' };

/** The record in an issue body, if assure wrote it with this key. */
export function readRecord(body: string | null | undefined, key: string): ReadRecord {
  const text = body ?? '';
  const start = text.lastIndexOf(`${OPEN}\n`);
  if (start < 0) return { ok: false, reason: 'missing' };
  const lines = text.slice(start + OPEN.length + 1).split('\n');
  const json = lines[0] ?? '';
  const signatureLine = lines[1] ?? '';
  if (!signatureLine.startsWith(SIGNATURE) || lines[2]?.trim() !== CLOSE) return { ok: false, reason: 'malformed' };
  const hex = signatureLine.slice(SIGNATURE.length);
  if (!/^[0-9a-f]{64}$/.test(hex)) return { ok: false, reason: 'malformed' };
  // UTF-8 turns a lone surrogate into U+FFFD before signing: such text could stand for another.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(json)) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(hex, 'hex');
  const expected = Buffer.from(sign(key, json), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'tampered' };
  let record: unknown;
  try {
    record = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const r = record as Partial<AnyRecord> | null;
  if (!r || typeof r !== 'object' || r.v !== 1 || (r.type !== 'exception' && r.type !== 'gap' && r.type !== 'review')) return { ok: false, reason: 'malformed' };
  return { ok: true, record: r as AnyRecord };
}

/** The engine's view of an exception record held in issue `url`. */
export function toExemption(record: ExceptionRecord, id: string, url: string): Exemption {
  return {
    id,
    artefact: record.artefact,
    ...(record.rules.length > 0 ? { rules: record.rules } : {}),
    ...(record.paths.length > 0 ? { paths: record.paths } : {}),
    kind: record.kind,
    status: record.status,
    ...(record.expires ? { expires: record.expires } : {}),
    ...(record.realignBy ? { realignBy: record.realignBy } : {}),
    conditions: record.conditions,
    repository: record.design,
    url,
  };
}
