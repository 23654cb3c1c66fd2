// Signatures on exception records. Ed25519 (node:crypto): the App and the command and sweep workflows
// sign with one private key; anything that only reads records (a pull request's check) needs public keys
// alone, so no secret reaches a run a pull request can change. Each key has an id (`kid`) written with
// the signature, so a new key can sign while records signed by an older one still verify until they are
// re-signed. A signature covers the repository and issue the record lives in and its revision: a record
// copied to another issue, another repository or pasted back over a newer one does not verify there, or
// is recognised as older than the newest.
import { createHmac, createPrivateKey, createPublicKey, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/** Where a record lives and which of its versions it is; part of what is signed. */
export interface RecordBinding {
  /** owner/repo of the repository holding the issue; compared without regard to case, as GitHub does. */
  repository: string;
  issue: number;
  /** 1 for the first record the App writes in an issue, one more for each later one. */
  revision: number;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

/** The keys records are checked with: Ed25519 public keys by key id, and during a migration the old HMAC keys. */
export interface Keyring {
  publicKeys: ReadonlyMap<string, KeyObject>;
  /** Keys of records signed before key ids (HMAC-SHA256 over the record alone), accepted until they are re-signed. */
  legacyHmacKeys: readonly string[];
}

/** What records are signed and checked with: the signing key (absent where records are only read) and every key that verifies. */
export interface RecordKeys {
  signing?: SigningKey;
  ring: Keyring;
}

export type Verified =
  | { ok: true; kid: string; legacy: false }
  /** An HMAC record from before key ids: bound to nothing but its issue field, so trusted only until re-signed. */
  | { ok: true; kid: 'legacy-hmac'; legacy: true }
  | { ok: false; reason: 'unknown-key' | 'bad-signature' | 'malformed' };

export class KeyError extends Error {
  override name = 'KeyError';
}

const KID = /^[A-Za-z0-9._-]{1,64}$/;
const DOMAIN = 'assure-record-v2';

/** The exact bytes signed: the binding and the record's text, in a form with one reading only. */
export function signedMessage(binding: RecordBinding, payload: string): Buffer {
  if (!Number.isSafeInteger(binding.issue) || binding.issue < 1) throw new KeyError(`a record is bound to a positive issue number, not ${binding.issue}`);
  if (!Number.isSafeInteger(binding.revision) || binding.revision < 1) throw new KeyError(`a record's revision is a positive whole number, not ${binding.revision}`);
  return Buffer.from(JSON.stringify([DOMAIN, binding.repository.toLowerCase(), binding.issue, binding.revision, payload]), 'utf8');
}

/** The signature text written after a record: `ed25519 <kid> <base64url>`. */
export function signRecord(payload: string, binding: RecordBinding, key: SigningKey): string {
  return `ed25519 ${key.kid} ${sign(null, signedMessage(binding, payload), key.privateKey).toString('base64url')}`;
}

function legacyHmac(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/** Checks a signature text against the record's text and where it was read from. */
export function verifyRecord(payload: string, binding: RecordBinding | undefined, signature: string, keyring: Keyring): Verified {
  const legacy = /^([0-9a-f]{64})$/.exec(signature);
  if (legacy) {
    const given = Buffer.from(legacy[1]!, 'hex');
    const match = keyring.legacyHmacKeys.some((key) => timingSafeEqual(given, legacyHmac(key, payload)));
    if (match) return { ok: true, kid: 'legacy-hmac', legacy: true };
    return { ok: false, reason: keyring.legacyHmacKeys.length === 0 ? 'unknown-key' : 'bad-signature' };
  }
  const parts = /^ed25519 ([A-Za-z0-9._-]{1,64}) ([A-Za-z0-9_-]{86})$/.exec(signature);
  if (!parts || !binding) return { ok: false, reason: 'malformed' };
  const publicKey = keyring.publicKeys.get(parts[1]!);
  if (!publicKey) return { ok: false, reason: 'unknown-key' };
  const bytes = Buffer.from(parts[2]!, 'base64url');
  if (bytes.length !== 64) return { ok: false, reason: 'malformed' };
  let message: Buffer;
  try {
    message = signedMessage(binding, payload);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  return verify(null, message, publicKey, bytes) ? { ok: true, kid: parts[1]!, legacy: false } : { ok: false, reason: 'bad-signature' };
}

/** PEM as environment variables carry it: real newlines, `\n` escapes, or the whole PEM base64-encoded. */
function pemText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return trimmed.replace(/\\n/g, '\n');
  return Buffer.from(trimmed, 'base64').toString('utf8').trim();
}

function checkKid(kid: string | undefined, name: string): string {
  if (!kid || !KID.test(kid)) throw new KeyError(`${name} must name the key: 1 to 64 letters, digits, '.', '_' or '-' (for example 2026-12)`);
  return kid;
}

/** The signing key from its PEM (PKCS#8, as `openssl genpkey -algorithm ed25519` writes it) and its id. */
export function parseSigningKey(pem: string, kid: string | undefined, names = { key: 'ASSURE_SIGNING_KEY', kid: 'ASSURE_SIGNING_KEY_ID' }): SigningKey {
  const id = checkKid(kid, names.kid);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pemText(pem));
  } catch {
    throw new KeyError(`${names.key} is not a private key in PEM form; create one with: openssl genpkey -algorithm ed25519`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new KeyError(`${names.key} must be an Ed25519 key, not ${privateKey.asymmetricKeyType ?? 'a symmetric key'}`);
  return { kid: id, privateKey };
}

/** A public key as ASSURE_VERIFY_KEYS carries it: the base64 of its DER (SubjectPublicKeyInfo) form. */
export function publicKeyText(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
}

/**
 * Public keys from `kid:BASE64` entries separated by commas, spaces or newlines, where BASE64 is
 * `openssl pkey -pubout -outform DER | base64` of the key. The signing key's own public key needs no entry.
 */
export function parseVerifyKeys(text: string | undefined, name = 'ASSURE_VERIFY_KEYS'): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const entry of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    const at = entry.indexOf(':');
    const kid = checkKid(at > 0 ? entry.slice(0, at) : undefined, `Each entry of ${name} (kid:BASE64)`);
    if (keys.has(kid)) throw new KeyError(`${name} names the key id "${kid}" twice`);
    let key: KeyObject;
    try {
      key = createPublicKey({ key: Buffer.from(entry.slice(at + 1), 'base64'), format: 'der', type: 'spki' });
    } catch {
      throw new KeyError(`${name}: the key "${kid}" is not the base64 of a public key in DER form; make it with: openssl pkey -in key.pem -pubout -outform DER | base64`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new KeyError(`${name}: the key "${kid}" must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'unknown'}`);
    keys.set(kid, key);
  }
  return keys;
}

/** Everything a signature can be checked with: the given public keys, the signing key's own, and the old HMAC keys. */
export function keyring(options: { signing?: SigningKey; verify?: ReadonlyMap<string, KeyObject>; legacyHmacKeys?: readonly string[] }): Keyring {
  const publicKeys = new Map(options.verify ?? []);
  if (options.signing) {
    const own = createPublicKey(options.signing.privateKey);
    const listed = publicKeys.get(options.signing.kid);
    if (listed && !listed.equals(own)) throw new KeyError(`The key id "${options.signing.kid}" names a different public key in the verify keys than the signing key's own`);
    publicKeys.set(options.signing.kid, own);
  }
  return { publicKeys, legacyHmacKeys: (options.legacyHmacKeys ?? []).filter((key) => key.length > 0) };
}

/**
 * The record keys from the environment: ASSURE_SIGNING_KEY and ASSURE_SIGNING_KEY_ID (where records are
 * written), ASSURE_VERIFY_KEYS (older or read-only public keys) and, during the migration from HMAC
 * records, ASSURE_LEGACY_RECORD_KEY. `sign` says whether this place writes records (then the key is required).
 */
export function recordKeysFromEnv(env: NodeJS.ProcessEnv, options: { sign: boolean }): RecordKeys {
  const signing = env.ASSURE_SIGNING_KEY ? parseSigningKey(env.ASSURE_SIGNING_KEY, env.ASSURE_SIGNING_KEY_ID) : undefined;
  if (options.sign && !signing) throw new KeyError('Set ASSURE_SIGNING_KEY (an Ed25519 private key: openssl genpkey -algorithm ed25519) and ASSURE_SIGNING_KEY_ID: they sign exception records. See docs/security.md');
  const ring = keyring({ signing, verify: parseVerifyKeys(env.ASSURE_VERIFY_KEYS), legacyHmacKeys: env.ASSURE_LEGACY_RECORD_KEY ? [env.ASSURE_LEGACY_RECORD_KEY] : [] });
  return { ...(signing ? { signing } : {}), ring };
}

/** Whether any key can verify a record here (without one, no exemption can be trusted). */
export function canVerify(keys: RecordKeys): boolean {
  return keys.ring.publicKeys.size > 0 || keys.ring.legacyHmacKeys.length > 0;
}
