// Forged state records: an exception's state is trusted only when assure signed it with its key. Any
// change to the signed JSON, a wrong key, a moved or doubled signature, a block appended after the real
// one, prototype keys, huge or mis-decoded bodies: none reads as a trusted record.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readRecord, recordBlock, type AnyRecord } from '../../github/exceptions/record.js';
import type { GitHubContext } from '../../github/context.js';
import { onIssueComment, onIssues, onPullRequest } from '../../github/handlers.js';
import { exemptionCache, loadExemptions, storedIssue } from '../../github/exceptions/store.js';
import { loadConfig } from '../../github/config/load.js';
import { issueCommentEvent, issuesEvent, pullRequestEvent } from '../../sim/webhooks.js';
import { BETA, BETA_TREE, startHarness } from '../github/harness.js';
import { exceptionRecord, hostileText, MB, RUNAWAY_MS, sampleRecord, ticketRecord, within } from './fixtures.js';

const KEY = 'the-real-key';
const OPEN = '<!-- assure:record\n';

/** The lines of a block: opening, JSON, signature, close. */
function parts(block: string): { json: string; signature: string } {
  const [, json, signature] = block.split('\n');
  return { json: json!, signature: signature! };
}

function assemble(json: string, signature: string): string {
  return `<!-- assure:record\n${json}\n${signature}\n-->`;
}

/** A block for exactly this JSON, signed with `key` as assure signs. */
function signed(json: string, key = KEY): string {
  const embeddable = json.replace(/--/g, '-\\u002d');
  return assemble(embeddable, `assure:signature ${createHmac('sha256', key).update(embeddable).digest('hex')}`);
}

function expectNotTrusted(body: string, key = KEY): void {
  const read = within(RUNAWAY_MS, () => readRecord(body, key));
  expect(read.ok).toBe(false);
}

const anyRecord: fc.Arbitrary<AnyRecord> = fc.oneof(exceptionRecord(), ticketRecord());

describe('records assure signed', () => {
  it('round-trip exactly, after any text, for any record', () => {
    fc.assert(
      fc.property(anyRecord, hostileText(500), fc.string({ minLength: 1, maxLength: 64 }), (record, before, key) => {
        const block = recordBlock(record, key);
        // The block is one HTML comment that nothing inside can end.
        const { json } = parts(block);
        expect(json).not.toContain('--');
        expect(json).not.toContain('\n');
        expect(block.split('-->').length - 1).toBe(1);
        const read = readRecord(`${before}\n\n${block}`, key);
        expect(read.ok).toBe(true);
        if (read.ok) expect(read.record).toStrictEqual(record);
      }),
      { numRuns: 200 },
    );
  });

  it('any one-character change to the JSON line (replace, insert, delete) is not trusted', () => {
    const edit = fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
    fc.assert(
      fc.property(anyRecord, edit, (record, [at, how, ch]) => {
        const { json, signature } = parts(recordBlock(record, KEY));
        const i = at % json.length;
        const changed = how === 'replace' ? json.slice(0, i) + ch + json.slice(i + 1) : how === 'insert' ? json.slice(0, i) + ch + json.slice(i) : json.slice(0, i) + json.slice(i + 1);
        fc.pre(changed !== json);
        expectNotTrusted(assemble(changed, signature));
      }),
      { numRuns: 300 },
    );
  });

  it('a wrong key, or a record signed with another key, is not trusted', () => {
    fc.assert(
      fc.property(anyRecord, fc.string({ maxLength: 64 }), (record, other) => {
        fc.pre(other !== KEY);
        expect(readRecord(recordBlock(record, KEY), other)).toEqual({ ok: false, reason: 'tampered' });
        expect(readRecord(recordBlock(record, other), KEY)).toEqual({ ok: false, reason: 'tampered' });
      }),
      { numRuns: 100 },
    );
    // An empty key is still a key: a record signed with it does not pass for one signed with the real key.
    expect(readRecord(recordBlock(sampleRecord(), ''), KEY).ok).toBe(false);
  });

  it('a signature removed, duplicated, moved, truncated, emptied or changed by one digit is not trusted', () => {
    const block = recordBlock(sampleRecord(), KEY);
    const { json, signature } = parts(block);
    const hex = signature.slice('assure:signature '.length);
    const flipped = hex.slice(0, 10) + (hex[10] === '0' ? '1' : '0') + hex.slice(11);
    const forms: Array<[string, string]> = [
      ['removed', `${OPEN}${json}\n-->`],
      ['duplicated', `${OPEN}${json}\n${signature}\n${signature}\n-->`],
      ['before the JSON', `${OPEN}${signature}\n${json}\n-->`],
      ['truncated', assemble(json, signature.slice(0, -2))],
      ['one nibble short', assemble(json, signature.slice(0, -1))],
      ['emptied', assemble(json, 'assure:signature ')],
      ['one digit changed', assemble(json, `assure:signature ${flipped}`)],
      ['not hex', assemble(json, `assure:signature ${'z'.repeat(64)}`)],
      ['garbage first', assemble(json, `assure:signature zz${hex}`)],
      ['a signature of the empty string', assemble(json, `assure:signature ${'0'.repeat(64)}`)],
      ['no close', `${OPEN}${json}\n${signature}\n`],
      ['close on the signature line', `${OPEN}${json}\n${signature} -->`],
      ['JSON split over two lines', `${OPEN}${json.slice(0, 20)}\n${json.slice(20)}\n${signature}\n-->`],
    ];
    for (const [what, body] of forms) expect(readRecord(body, KEY).ok, what).toBe(false);
    expect(readRecord(block, KEY).ok).toBe(true);
  });

  it('a forged block appended after the real one is what is read, and it is not trusted', () => {
    const real = recordBlock(sampleRecord({ status: 'requested' }), KEY);
    const forgedJson = parts(real).json.replace('"status":"requested"', '"status":"approved"');
    const forgeries = [
      // The real signature under changed JSON.
      assemble(forgedJson, parts(real).signature),
      // A block signed with some other key.
      recordBlock(sampleRecord({ status: 'approved' }), 'guessed-key'),
      // An opening only, or an opening with the real JSON and no signature.
      '<!-- assure:record\n',
      `${OPEN}${parts(real).json}\n-->`,
    ];
    for (const forged of forgeries) {
      expectNotTrusted(`${real}\n${forged}`);
      expectNotTrusted(`${real}\n\nsome text\n${forged}\n\ntrailing`);
    }
    // A forged block before the real one is plain text: the real record is read.
    const read = readRecord(`${forgeries[0]}\n\n${real}`, KEY);
    expect(read).toEqual({ ok: true, record: sampleRecord({ status: 'requested' }) });
  });

  it('a record signed for another issue, appended to this one, is distrusted by the store', () => {
    const ctx = { botLogin: 'assure[bot]', recordKey: KEY } as GitHubContext;
    const mine = recordBlock(sampleRecord({ issue: 5, status: 'requested' }), KEY);
    const theirs = recordBlock(sampleRecord({ issue: 9, status: 'approved' }), KEY);
    const issue = (body: string, author = 'assure[bot]') => ({ number: 5, html_url: 'https://github.com/acme/architecture/issues/5', state: 'open', title: 't', body, user: { login: author }, labels: [] });
    expect(storedIssue(ctx, issue(`${mine}\n${theirs}`))).toMatchObject({ distrust: 'belongs to another issue' });
    expect(storedIssue(ctx, issue(mine)).record).toMatchObject({ issue: 5, status: 'requested' });
    // The same body in an issue someone else opened grants nothing.
    expect(storedIssue(ctx, issue(mine, 'mallory'))).toMatchObject({ distrust: 'not written by assure' });
  });

  it('__proto__ and constructor keys in the JSON: refused unsigned, inert when signed, nothing polluted', () => {
    const base = JSON.stringify(sampleRecord());
    const payloads: Array<[string, boolean]> = [
      [`{"__proto__":{"polluted":1,"status":"approved"},${base.slice(1)}`, true],
      [`${base.slice(0, -1)},"__proto__":{"polluted":1}}`, true],
      [`${base.slice(0, -1)},"constructor":{"prototype":{"polluted":1}}}`, true],
      [`{"v":1,"type":"gap","history":[{"__proto__":{"polluted":1}}],"__proto__":null}`, true],
      // "v" and "type" only behind __proto__: not the record's own, so malformed even when signed.
      ['{"__proto__":{"v":1,"type":"exception","status":"approved"}}', false],
    ];
    for (const [json, wellFormed] of payloads) {
      expectNotTrusted(signed(json, 'someone-else'));
      const read = readRecord(signed(json), KEY);
      expect(read.ok, json).toBe(wellFormed);
      if (!read.ok) continue;
      // A plain object: the usual prototype, the forged keys its own inert data, and copies stay plain.
      expect(Object.getPrototypeOf(read.record)).toBe(Object.prototype);
      expect(Object.getPrototypeOf({ ...read.record, issue: 5 })).toBe(Object.prototype);
      expect((read.record as { status?: string }).status).not.toBe('approved');
      expect(Object.getPrototypeOf(structuredClone(read.record))).toBe(Object.prototype);
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('5 MB bodies: read within 200 ms, trusted only when the real block ends them', () => {
    const real = recordBlock(sampleRecord(), KEY);
    const noise = 'x'.repeat(5 * MB);
    expect(within(RUNAWAY_MS, () => readRecord(`${noise}\n${real}`, KEY)).ok).toBe(true);
    expect(within(RUNAWAY_MS, () => readRecord(`${real}\n${noise}`, KEY)).ok).toBe(true);
    expectNotTrusted(`${real}\n${OPEN.repeat(MB / 4)}`);
    expectNotTrusted(`${OPEN}${noise}\n${parts(real).signature}\n-->`);
    expectNotTrusted(`${OPEN}${parts(real).json}\nassure:signature ${'a'.repeat(5 * MB)}\n-->`);
    // Padding around the close changes nothing that is signed: still the real record, still quick.
    expect(within(RUNAWAY_MS, () => readRecord(`${OPEN}${parts(real).json}\n${parts(real).signature}\n${' '.repeat(5 * MB)}-->`, KEY))).toEqual({ ok: true, record: sampleRecord() });
    // A signed 5 MB record reads back (assure never writes one; it must not hang either way).
    const big = sampleRecord({ reason: 'r'.repeat(5 * MB) });
    expect(within(RUNAWAY_MS, () => readRecord(recordBlock(big, KEY), KEY)).ok).toBe(true);
  });

  it('bodies read from invalid UTF-8 (bytes taken as latin1 or replaced) are not trusted unless unchanged', () => {
    const record = sampleRecord({ reason: 'naïve café — 東京 🙂' });
    const block = recordBlock(record, KEY);
    const bytes = Buffer.from(block, 'utf8');
    expectNotTrusted(bytes.toString('latin1'));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), (garbage, at) => {
        const i = OPEN.length + (at % (bytes.length - OPEN.length - 90));
        const mixed = Buffer.concat([bytes.subarray(0, i), Buffer.from(garbage), bytes.subarray(i)]);
        // The bytes land inside the signed JSON line.
        for (const text of [mixed.toString('latin1'), mixed.toString('utf8')]) expectNotTrusted(text);
        expectNotTrusted(Buffer.from(garbage).toString('latin1'));
      }),
      { numRuns: 200 },
    );
  });

  // UTF-8 encoding turns a lone surrogate into U+FFFD, so such text is refused rather than verified.
  it('a record whose text was changed (U+FFFD swapped for a lone surrogate) is not trusted', () => {
    const block = recordBlock(sampleRecord({ reason: 'replacement \ufffd character' }), KEY);
    const forged = block.replace('\ufffd', '\ud800');
    expect(forged).not.toBe(block);
    expect(readRecord(forged, KEY).ok).toBe(false);
  });

  // An older body assure once signed, pasted back, is replaced by the record with the longer history.
  it('an earlier signed body of the same issue, put back by someone else, does not undo a revocation', async () => {
    const h = await startHarness({ now: '2026-11-22T10:00:00Z' });
    try {
      const config = 'exceptions:\n  repository: acme/architecture\ndeciders:\n  architecture: acme/architects\n';
      h.sim.addRepo({ owner: 'acme', name: 'app', files: { '.github/assure.yml': config } });
      h.sim.addRepo({ owner: 'acme', name: 'architecture', files: { '.github/assure.yml': config } });
      h.sim.addTeamMember('acme', 'architects', 'carol');
      const pull = h.sim.openPullRequest({ repo: 'acme/app', author: 'dev', head: 'feature', files: { ...BETA_TREE, 'design.yml': BETA } }).number as number;
      await onPullRequest(h.ctx(), pullRequestEvent(h.sim, { repo: 'acme/app', number: pull, action: 'opened' }).payload as never);
      const say = async (repo: string, number: number, author: string, body: string) => {
        const comment = h.sim.addIssueComment({ repo, number, author, body, authorAssociation: 'MEMBER' }) as { id: number };
        return onIssueComment(h.ctx(), issueCommentEvent(h.sim, { commentId: comment.id, action: 'created' }).payload as never);
      };
      await say('acme/app', pull, 'alice', '/exception GOV-mandated-notify minor\nReason: contract\nUntil: 2027-03-31');
      const issue = h.sim.issues('acme/architecture')[0]!.number;
      await say('acme/architecture', issue, 'carol', '/approve until 2027-02-28');
      const approvedBody = h.sim.issue('acme/architecture', issue).body!;
      await say('acme/architecture', issue, 'carol', '/revoke the contract was cancelled');
      const status = () => {
        const read = readRecord(h.sim.issue('acme/architecture', issue).body, 'test-key');
        return read.ok && read.record.type === 'exception' ? read.record.status : undefined;
      };
      expect(status()).toBe('revoked');

      const { changes } = h.sim.editIssue('acme/architecture', issue, { body: approvedBody }, 'mallory');
      const outcome = await onIssues(h.ctx({ deliveryId: 'd-replay' }), issuesEvent(h.sim, { repo: 'acme/architecture', number: issue, action: 'edited', sender: 'mallory', changes }).payload as never);
      exemptionCache.clear();
      const exemptions = await loadExemptions(h.ctx(), await loadConfig(h.ctx(), { owner: 'acme', repo: 'app' }), 'acme/app');
      expect(exemptions.filter((e) => e.status === 'approved')).toEqual([]);
      expect(outcome).toBe('restored');
      expect(status()).toBe('revoked');
    } finally {
      await h.close();
    }
  });
});
