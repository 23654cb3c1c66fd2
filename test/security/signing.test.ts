// The record signature on its own: what it binds, what verifies it, and how keys rotate.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyError, keyring, parseSigningKey, parseVerifyKeys, publicKeyText, signRecord, verifyRecord, type SigningKey } from '../../github/signing.js';

function newKey(kid: string): { key: SigningKey; pem: string; publicText: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const key = parseSigningKey(pem, kid);
  return { key, pem, publicText: publicKeyText(key.privateKey) };
}

const payload = '{"v":2,"type":"exception","status":"approved"}';
const where = { repository: 'Acme/Exceptions', issue: 12, revision: 3 };

describe('record signatures', () => {
  it('verify with the public key alone', () => {
    const { key, publicText } = newKey('2026-12');
    const signature = signRecord(payload, where, key);
    expect(signature).toMatch(/^ed25519 2026-12 [A-Za-z0-9_-]{86}$/);
    const readers = keyring({ verify: parseVerifyKeys(`2026-12:${publicText}`) });
    expect(verifyRecord(payload, where, signature, readers)).toEqual({ ok: true, kid: '2026-12', legacy: false });
  });

  it('bind the repository (whatever its case), the issue and the revision', () => {
    const { key } = newKey('k1');
    const ring = keyring({ signing: key });
    const signature = signRecord(payload, where, key);
    expect(verifyRecord(payload, { ...where, repository: 'acme/exceptions' }, signature, ring).ok).toBe(true);
    expect(verifyRecord(payload, { ...where, repository: 'acme/other' }, signature, ring)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRecord(payload, { ...where, issue: 13 }, signature, ring)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRecord(payload, { ...where, revision: 4 }, signature, ring)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRecord(payload.replace('approved', 'requested'), where, signature, ring)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRecord(payload, undefined, signature, ring)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rotate: a new key id signs while records of the old one verify until re-signed; an unknown id is refused', () => {
    const old = newKey('2026-01');
    const current = newKey('2026-12');
    const before = signRecord(payload, where, old.key);
    const ring = keyring({ signing: current.key, verify: parseVerifyKeys(`2026-01:${old.publicText}`) });
    expect(verifyRecord(payload, where, before, ring)).toMatchObject({ ok: true, kid: '2026-01' });
    expect(verifyRecord(payload, where, signRecord(payload, where, current.key), ring)).toMatchObject({ ok: true, kid: '2026-12' });
    const retired = keyring({ signing: current.key });
    expect(verifyRecord(payload, where, before, retired)).toEqual({ ok: false, reason: 'unknown-key' });
    // A forger's own key under a known id does not verify.
    const forger = newKey('2026-12');
    expect(verifyRecord(payload, where, signRecord(payload, where, forger.key), ring)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('accept HMAC records from before key ids only while their key is configured', () => {
    const legacyKey = 'an-old-record-key';
    const hex = createHmac('sha256', legacyKey).update(payload).digest('hex');
    const { key } = newKey('k1');
    expect(verifyRecord(payload, where, hex, keyring({ signing: key, legacyHmacKeys: [legacyKey] }))).toEqual({ ok: true, kid: 'legacy-hmac', legacy: true });
    expect(verifyRecord(payload, where, hex, keyring({ signing: key, legacyHmacKeys: ['another'] }))).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRecord(payload, where, hex, keyring({ signing: key }))).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('read keys as environment variables carry them, and say what is wrong with a bad one', () => {
    const { pem, publicText } = newKey('k');
    expect(parseSigningKey(pem.replace(/\n/g, '\\n'), 'k').kid).toBe('k');
    expect(parseSigningKey(Buffer.from(pem).toString('base64'), 'k').kid).toBe('k');
    expect(() => parseSigningKey(pem, undefined)).toThrow(/ASSURE_SIGNING_KEY_ID must name the key/);
    expect(() => parseSigningKey(pem, 'has space')).toThrow(KeyError);
    expect(() => parseSigningKey('not a key', 'k')).toThrow(/openssl genpkey -algorithm ed25519/);
    const x25519 = generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parseSigningKey(x25519, 'k')).toThrow(/must be an Ed25519 key, not x25519/);
    expect(parseVerifyKeys(`a:${publicText},\n b:${publicText}`).size).toBe(2);
    expect(parseVerifyKeys(undefined).size).toBe(0);
    expect(() => parseVerifyKeys(publicText)).toThrow(/kid:BASE64/);
    expect(() => parseVerifyKeys(`a:${publicText} a:${publicText}`)).toThrow(/twice/);
    expect(() => parseVerifyKeys('a:bm90IGEga2V5')).toThrow(/openssl pkey/);
  });

  it('refuse a verify key listed under the signing key id that is not its public key', () => {
    const signer = newKey('k');
    const other = newKey('k');
    expect(() => keyring({ signing: signer.key, verify: parseVerifyKeys(`k:${other.publicText}`) })).toThrow(/different public key/);
  });
});
