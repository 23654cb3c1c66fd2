// Fixed Ed25519 record keys for tests: the same key from the same name on every run.
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { keyring, publicKeyText, type RecordKeys, type SigningKey } from '../github/signing.js';

/** The signing key named `kid`, derived from its name (PKCS#8 DER of an Ed25519 seed). */
export function testSigningKey(kid = 'test-1'): SigningKey {
  const seed = createHash('sha256').update(`assure test key ${kid}`).digest();
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return { kid, privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
}

/** Keys that sign with `kid` and verify it (and any `older` key ids). */
export function testKeys(kid = 'test-1', older: string[] = []): RecordKeys {
  const signing = testSigningKey(kid);
  return { signing, ring: keyring({ signing, verify: new Map(older.map((k) => [k, createPublicKey(testSigningKey(k).privateKey)])) }) };
}

/** Public keys only: what a pull request's check gets. */
export function verifyOnly(...kids: string[]): RecordKeys {
  return { ring: keyring({ verify: new Map(kids.map((k) => [k, createPublicKey(testSigningKey(k).privateKey)])) }) };
}

/** The environment variables of a deployment that signs with `kid`. */
export function keyEnv(kid = 'test-1', older: string[] = []): Record<string, string> {
  const pem = testSigningKey(kid).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return {
    ASSURE_SIGNING_KEY: pem,
    ASSURE_SIGNING_KEY_ID: kid,
    ...(older.length > 0 ? { ASSURE_VERIFY_KEYS: older.map((k) => `${k}:${publicKeyText(testSigningKey(k).privateKey)}`).join(',') } : {}),
  };
}
