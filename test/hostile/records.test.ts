// Forged state records: an exception's state is trusted only when assure signed it with its key, for
// that issue. Any change to the signed JSON, a wrong key, a moved or doubled signature, a block appended
// after the real one, prototype keys, huge or mis-decoded bodies: none reads as a trusted record.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readRecord, recordBlock, type AnyRecord, type RecordKeys } from '../../github/exceptions/record.js';
import { signRecord } from '../../github/signing.js';
import type { GitHubContext } from '../../github/context.js';
import { onIssues, onPullRequest } from '../../github/handlers.js';
import { exemptionCache, listExceptionIssues, loadExemptions, storedIssue } from '../../github/exceptions/store.js';
import { loadConfig } from '../../github/config/load.js';
import { issuesEvent, pullRequestEvent } from '../../sim/webhooks.js';
import { approvedException, startHarness } from '../github/harness.js';
import { exceptionRecord, hostileText, MB, RUNAWAY_MS, ticketRecord, within } from './fixtures.js';
import { sampleRecord } from '../../scripts/support/seeded-exceptions.js';
import { testKeys } from '../keys.js';

const KEY = testKeys('the-real-key');
const PLACE = { repository: 'acme/architecture', issue: 1 };
/** A record as written into issue PLACE: version 2, bound to it, revision 1. */
const bound = <T extends object>(record: T): T => ({ ...record, v: 2, issue: PLACE.issue, rev: 1 });
const OPEN = '<!-- assure:record\n';

/** The lines of a block: opening, JSON, signature, close. */
function parts(block: string): { json: string; signature: string } {
  const [, json, signature] = block.split('\n');
  return { json: json!, signature: signature! };
}

function assemble(json: string, signature: string): string {
  return `<!-- assure:record\n${json}\n${signature}\n-->`;
}

/** A block for exactly this JSON, signed with `key` as assure signs it for PLACE, revision 1. */
function signed(json: string, key: RecordKeys = KEY): string {
  const embeddable = json.replace(/--/g, '-\\u002d');
  return assemble(embeddable, `assure:signature ${signRecord(embeddable, { ...PLACE, revision: 1 }, key.signing!)}`);
}

function expectNotTrusted(body: string, key: RecordKeys = KEY): void {
  const read = within(RUNAWAY_MS, () => readRecord(body, key, PLACE));
  expect(read.ok).toBe(false);
}

const anyRecord: fc.Arbitrary<AnyRecord> = fc.oneof(exceptionRecord(), ticketRecord());

describe('records assure signed', () => {
  it('round-trip exactly, after any text, for any record', () => {
    fc.assert(
      fc.property(anyRecord, hostileText(500), fc.stringMatching(/^[a-z0-9]{1,20}$/), (record, before, kid) => {
        const key = testKeys(kid);
        const block = recordBlock(record, key, PLACE);
        // The block is one HTML comment that nothing inside can end.
        const { json } = parts(block);
        expect(json).not.toContain('--');
        expect(json).not.toContain('\n');
        expect(block.split('-->').length - 1).toBe(1);
        const read = readRecord(`${before}\n\n${block}`, key, PLACE);
        expect(read.ok).toBe(true);
        if (read.ok) expect(read.record).toStrictEqual(bound(record));
      }),
      { numRuns: 200 },
    );
  });

  it('any one-character change to the JSON line (replace, insert, delete) is not trusted', () => {
    const edit = fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
    fc.assert(
      fc.property(anyRecord, edit, (record, [at, how, ch]) => {
        const { json, signature } = parts(recordBlock(record, KEY, PLACE));
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
      fc.property(anyRecord, fc.stringMatching(/^[a-z0-9]{1,20}$/), (record, kid) => {
        fc.pre(kid !== 'the-real-key');
        expect(readRecord(recordBlock(record, KEY, PLACE), testKeys(kid), PLACE)).toEqual({ ok: false, reason: 'unknown key' });
        expect(readRecord(recordBlock(record, testKeys(kid), PLACE), KEY, PLACE)).toEqual({ ok: false, reason: 'unknown key' });
      }),
      { numRuns: 100 },
    );
    // Another key under the real key's id does not pass for it.
    const impostor = { ...KEY, signing: { kid: 'the-real-key', privateKey: testKeys('impostor').signing!.privateKey } };
    expect(readRecord(recordBlock(sampleRecord(), impostor, PLACE), KEY, PLACE)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('a signature removed, duplicated, moved, truncated, emptied or changed by one digit is not trusted', () => {
    const block = recordBlock(sampleRecord(), KEY, PLACE);
    const { json, signature } = parts(block);
    const hex = signature.slice('assure:signature '.length);
    const flipped = hex.slice(0, 30) + (hex[30] === 'A' ? 'B' : 'A') + hex.slice(31);
    const forms: Array<[string, string]> = [
      ['removed', `${OPEN}${json}\n-->`],
      ['duplicated', `${OPEN}${json}\n${signature}\n${signature}\n-->`],
      ['before the JSON', `${OPEN}${signature}\n${json}\n-->`],
      ['truncated', assemble(json, signature.slice(0, -2))],
      ['one nibble short', assemble(json, signature.slice(0, -1))],
      ['emptied', assemble(json, 'assure:signature ')],
      ['one digit changed', assemble(json, `assure:signature ${flipped}`)],
      ['not base64url', assemble(json, `assure:signature ed25519 the-real-key ${'*'.repeat(86)}`)],
      ['no key id', assemble(json, `assure:signature ed25519 ${hex.split(' ')[2]}`)],
      ['garbage first', assemble(json, `assure:signature zz${hex}`)],
      ['a signature of the empty string', assemble(json, `assure:signature ${'0'.repeat(64)}`)],
      ['no close', `${OPEN}${json}\n${signature}\n`],
      ['close on the signature line', `${OPEN}${json}\n${signature} -->`],
      ['JSON split over two lines', `${OPEN}${json.slice(0, 20)}\n${json.slice(20)}\n${signature}\n-->`],
    ];
    for (const [what, body] of forms) expect(readRecord(body, KEY, PLACE).ok, what).toBe(false);
    expect(readRecord(block, KEY, PLACE).ok).toBe(true);
  });

  it('a forged block appended after the real one is what is read, and it is not trusted', () => {
    const real = recordBlock(sampleRecord({ status: 'requested' }), KEY, PLACE);
    const forgedJson = parts(real).json.replace('"status":"requested"', '"status":"approved"');
    const forgeries = [
      // The real signature under changed JSON.
      assemble(forgedJson, parts(real).signature),
      // A block signed with some other key.
      recordBlock(sampleRecord({ status: 'approved' }), testKeys('guessed-key'), PLACE),
      // An opening only, or an opening with the real JSON and no signature.
      '<!-- assure:record\n',
      `${OPEN}${parts(real).json}\n-->`,
    ];
    for (const forged of forgeries) {
      expectNotTrusted(`${real}\n${forged}`);
      expectNotTrusted(`${real}\n\nsome text\n${forged}\n\ntrailing`);
    }
    // A forged block before the real one is plain text: the real record is read.
    const read = readRecord(`${forgeries[0]}\n\n${real}`, KEY, PLACE);
    expect(read).toEqual({ ok: true, record: bound(sampleRecord({ status: 'requested' })), revision: 1, legacy: false });
  });

  it('a record signed for another issue, appended to this one, is distrusted by the store', () => {
    const ctx = { botLogin: 'assure[bot]', keys: KEY } as GitHubContext;
    const repo = { owner: 'acme', repo: 'architecture' };
    const mine = recordBlock(sampleRecord({ status: 'requested' }), KEY, { ...PLACE, issue: 5 });
    const theirs = recordBlock(sampleRecord({ status: 'approved' }), KEY, { ...PLACE, issue: 9 });
    // The same number in another repository is another issue.
    const elsewhere = recordBlock(sampleRecord({ status: 'approved' }), KEY, { repository: 'acme/other', issue: 5 });
    const issue = (body: string, author = 'assure[bot]') => ({ number: 5, html_url: 'https://github.com/acme/architecture/issues/5', state: 'open', title: 't', body, user: { login: author }, labels: [] });
    expect(storedIssue(ctx, repo, issue(`${mine}\n${theirs}`))).toMatchObject({ distrust: 'belongs to another issue' });
    expect(storedIssue(ctx, repo, issue(`${mine}\n${elsewhere}`))).toMatchObject({ distrust: 'tampered' });
    expect(storedIssue(ctx, repo, issue(mine)).record).toMatchObject({ issue: 5, status: 'requested' });
    // The same body in an issue someone else opened grants nothing.
    expect(storedIssue(ctx, repo, issue(mine, 'mallory'))).toMatchObject({ distrust: 'not written by assure' });
  });

  it('__proto__ and constructor keys in the JSON: refused unsigned, inert when signed, nothing polluted', () => {
    const base = JSON.stringify(bound(sampleRecord()));
    const payloads: Array<[string, boolean]> = [
      [`{"__proto__":{"polluted":1,"status":"approved"},${base.slice(1)}`, true],
      [`${base.slice(0, -1)},"__proto__":{"polluted":1}}`, true],
      [`${base.slice(0, -1)},"constructor":{"prototype":{"polluted":1}}}`, true],
      [`{"v":2,"rev":1,"issue":1,"type":"gap","history":[{"__proto__":{"polluted":1}}],"__proto__":null}`, true],
      // "v" and "type" only behind __proto__: not the record's own, so malformed even when signed.
      ['{"__proto__":{"v":2,"rev":1,"issue":1,"type":"exception","status":"approved"}}', false],
    ];
    for (const [json, wellFormed] of payloads) {
      expectNotTrusted(signed(json, testKeys('someone-else')));
      const read = readRecord(signed(json), KEY, PLACE);
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

  it('5 MB bodies: read within 2 s, trusted only when the real block ends them', () => {
    const real = recordBlock(sampleRecord(), KEY, PLACE);
    const noise = 'x'.repeat(5 * MB);
    expect(within(RUNAWAY_MS, () => readRecord(`${noise}\n${real}`, KEY, PLACE)).ok).toBe(true);
    expect(within(RUNAWAY_MS, () => readRecord(`${real}\n${noise}`, KEY, PLACE)).ok).toBe(true);
    expectNotTrusted(`${real}\n${OPEN.repeat(MB / 4)}`);
    expectNotTrusted(`${OPEN}${noise}\n${parts(real).signature}\n-->`);
    expectNotTrusted(`${OPEN}${parts(real).json}\nassure:signature ${'a'.repeat(5 * MB)}\n-->`);
    // Padding around the close changes nothing that is signed: still the real record, still quick.
    expect(within(RUNAWAY_MS, () => readRecord(`${OPEN}${parts(real).json}\n${parts(real).signature}\n${' '.repeat(5 * MB)}-->`, KEY, PLACE))).toEqual({ ok: true, record: bound(sampleRecord()), revision: 1, legacy: false });
    // A signed 5 MB record reads back (assure never writes one; it must not hang either way).
    const big = sampleRecord({ reason: 'r'.repeat(5 * MB) });
    expect(within(RUNAWAY_MS, () => readRecord(recordBlock(big, KEY, PLACE), KEY, PLACE)).ok).toBe(true);
  });

  it('bodies read from invalid UTF-8 (bytes taken as latin1 or replaced) are not trusted unless unchanged', () => {
    const record = sampleRecord({ reason: 'naïve café — 東京 🙂' });
    const block = recordBlock(record, KEY, PLACE);
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
    const block = recordBlock(sampleRecord({ reason: 'replacement \ufffd character' }), KEY, PLACE);
    const forged = block.replace('\ufffd', '\ud800');
    expect(forged).not.toBe(block);
    expect(readRecord(forged, KEY, PLACE).ok).toBe(false);
  });

  // An older body assure once signed, pasted back, is replaced by the record with the longer history.
  it('an earlier signed body of the same issue, put back by someone else, does not undo a revocation', async () => {
    const h = await startHarness({ now: '2026-11-22T10:00:00Z' });
    try {
      const { say, issue, approvedBody } = await approvedException(h);
      await say('acme/architecture', issue, 'carol', '/revoke the contract was cancelled');
      const status = () => {
        const read = readRecord(h.sim.issue('acme/architecture', issue).body, testKeys(), { repository: 'acme/architecture', issue });
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

  // The window before the guard: the edit lands, and a check runs before issues.edited is delivered.
  it('an earlier signed body pasted back grants nothing even before the guard has run, and is trusted again once assure rewrites it', async () => {
    const h = await startHarness({ now: '2026-11-22T10:00:00Z' });
    try {
      const { pull, say, issue, approvedBody } = await approvedException(h);
      const approved = async () => {
        exemptionCache.clear();
        const exemptions = await loadExemptions(h.ctx(), await loadConfig(h.ctx(), { owner: 'acme', repo: 'app' }), 'acme/app');
        return exemptions.filter((e) => e.status === 'approved').length;
      };
      expect(await approved()).toBe(1);
      await say('acme/architecture', issue, 'carol', '/revoke the contract was cancelled');
      expect(await approved()).toBe(0);

      // mallory pastes the approved body back; no issues.edited has reached the App yet.
      const { changes } = h.sim.editIssue('acme/architecture', issue, { body: approvedBody }, 'mallory');
      expect(await approved()).toBe(0);
      await onPullRequest(h.ctx({ deliveryId: 'd-window' }), pullRequestEvent(h.sim, { repo: 'acme/app', number: pull, action: 'synchronize' }).payload as never);
      expect(h.sim.checkRuns('acme/app').at(-1)?.conclusion).toBe('failure');

      // The guard puts the newest record back; assure wrote it, so it is read again (revoked).
      await onIssues(h.ctx({ deliveryId: 'd-guard' }), issuesEvent(h.sim, { repo: 'acme/architecture', number: issue, action: 'edited', sender: 'mallory', changes }).payload as never);
      exemptionCache.clear();
      const records = await listExceptionIssues(h.ctx(), await loadConfig(h.ctx(), { owner: 'acme', repo: 'app' }));
      expect(records.find((i) => i.number === issue)).toMatchObject({ record: { status: 'revoked' } });
    } finally {
      await h.close();
    }
  });
});
