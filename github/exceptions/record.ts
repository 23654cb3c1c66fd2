// The state of one exception: a record only assure writes, kept in the exception issue's body and signed
// (signing.ts) for the repository, issue and revision it belongs to, so an edit, a copy or an older
// version pasted back is detected. Labels only display it; GitHub alone holds it, so any replica (or the
// Action) can pick up any event.
import type { Exemption, ExemptionKind, ExemptionStatus } from '../../src/types.js';
import type { Tier } from '../config/types.js';
import { KeyError, signRecord, verifyRecord, type RecordKeys } from '../signing.js';

export type { RecordKeys } from '../signing.js';

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
  /** 2: signed with a key id and bound to its issue and revision; 1: an HMAC record from before. */
  v: 1 | 2;
  /** The revision: one more each time assure writes the record (absent in version 1 records). */
  rev?: number;
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
  v: 1 | 2;
  rev?: number;
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

/** Where the signed block starts in an issue body. */
export const OPEN = '<!-- assure:record';
const SIGNATURE = 'assure:signature ';
const CLOSE = '-->';

/** The issue a record is written in. */
export interface RecordPlace {
  /** owner/repo of the exceptions repository. */
  repository: string;
  issue: number;
}

/** JSON that cannot end the HTML comment it sits in: "--" is written with a JSON escape. */
function embeddable(record: AnyRecord): string {
  return JSON.stringify(record).replace(/--/g, '-\\u002d');
}

/** The hidden, signed block that ends an issue body; the record must carry its revision. */
export function recordBlock(record: AnyRecord, keys: RecordKeys, place: RecordPlace): string {
  if (!keys.signing) throw new KeyError('No signing key: records can be read here but not written (set ASSURE_SIGNING_KEY and ASSURE_SIGNING_KEY_ID)');
  const signed = { ...record, v: 2 as const, issue: place.issue, rev: record.rev ?? 1 };
  const json = embeddable(signed);
  return `${OPEN}\n${json}\n${SIGNATURE}${signRecord(json, { ...place, revision: signed.rev }, keys.signing)}\n${CLOSE}`;
}

export type ReadRecord =
  | { ok: true; record: AnyRecord; revision: number; legacy: boolean }
  | { ok: false; reason: 'missing' | 'tampered' | 'malformed' | 'unknown key' | 'belongs to another issue' };

/** The record in an issue body, if assure wrote it for this very issue with a key it trusts. */
export function readRecord(body: string | null | undefined, keys: RecordKeys, place: RecordPlace): ReadRecord {
  const text = body ?? '';
  const start = text.lastIndexOf(`${OPEN}\n`);
  if (start < 0) return { ok: false, reason: 'missing' };
  const lines = text.slice(start + OPEN.length + 1).split('\n', 3);
  const json = lines[0] ?? '';
  const signatureLine = lines[1] ?? '';
  if (!signatureLine.startsWith(SIGNATURE) || lines[2]?.trim() !== CLOSE) return { ok: false, reason: 'malformed' };
  // UTF-8 turns a lone surrogate into U+FFFD before signing: such text could stand for another.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(json)) return { ok: false, reason: 'malformed' };
  let record: unknown;
  try {
    record = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const r = record as Partial<AnyRecord> | null;
  if (!r || typeof r !== 'object' || (r.v !== 1 && r.v !== 2) || (r.type !== 'exception' && r.type !== 'gap' && r.type !== 'review')) return { ok: false, reason: 'malformed' };
  if (r.v === 2 && (!Number.isSafeInteger(r.rev) || (r.rev ?? 0) < 1 || r.issue !== place.issue)) return { ok: false, reason: r.issue !== place.issue ? 'belongs to another issue' : 'malformed' };
  const verified = verifyRecord(json, r.v === 2 ? { ...place, revision: r.rev! } : undefined, signatureLine.slice(SIGNATURE.length), keys.ring);
  if (!verified.ok) return { ok: false, reason: verified.reason === 'unknown-key' ? 'unknown key' : verified.reason === 'malformed' ? 'malformed' : 'tampered' };
  // Only a version 1 record may be verified by the old HMAC key, and only when it names this issue.
  if (verified.legacy !== (r.v === 1)) return { ok: false, reason: 'tampered' };
  if (r.v === 1 && r.issue !== place.issue) return { ok: false, reason: 'belongs to another issue' };
  return { ok: true, record: r as AnyRecord, revision: r.v === 2 ? r.rev! : 0, legacy: verified.legacy };
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
