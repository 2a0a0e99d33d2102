import { hash, randomBytes, randomUUID } from 'node:crypto';

/** uuid4 as 32 hex characters, the id form ClearML uses. */
export function newId(): string {
  return randomUUID().replaceAll('-', '');
}

/** crypto.hash, not createHash(): no Hash object per call, for the short values hashed on every sign-in. */
export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

/** An opaque URL-safe token with `bytes` random bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
