// Secrets at rest (cloud keys, two-factor secrets): AES-256-GCM under a key derived from the master key for each
// purpose, a fresh 12-byte nonce for every write of a record, and the record's id as associated data (a sealed value
// copied onto another row does not open). Pure functions of their inputs; nothing here logs or throws with secret
// content.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** The key of one purpose: HKDF-SHA256 of the master key, info 'foyer/<purpose>/v1'. */
function deriveKey(masterKey: Buffer, purpose: 'storage-secrets' | 'two-factor'): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `foyer/${purpose}/v1`, 32));
}

/** The cloud secrets' key. */
export function deriveStorageKey(masterKey: Buffer): Buffer {
  return deriveKey(masterKey, 'storage-secrets');
}

/** The two-factor secrets' key. */
export function deriveTwoFactorKey(masterKey: Buffer): Buffer {
  return deriveKey(masterKey, 'two-factor');
}

/** "v1." + base64url(nonce ‖ ciphertext ‖ tag). */
export function seal(key: Buffer, recordId: string, plaintext: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(recordId, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url')}`;
}

export class SealedValueError extends Error {
  constructor() {
    super('The stored value cannot be decrypted with this key (the master key changed, or the value was moved or altered)');
  }
}

/** Opens a sealed value, or throws SealedValueError (wrong key, wrong record, tampered, or not a sealed value). */
export function open(key: Buffer, recordId: string, sealed: string): string {
  const dot = sealed.indexOf('.');
  if (dot < 0 || sealed.slice(0, dot) !== VERSION) throw new SealedValueError();
  const bytes = Buffer.from(sealed.slice(dot + 1), 'base64url');
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new SealedValueError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(recordId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedValueError();
  }
}
