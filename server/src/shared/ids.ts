import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** uuid4 as 32 hex characters, the id form ClearML uses. */
export function newId(): string {
  return randomUUID().replaceAll('-', '');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** An opaque URL-safe token with `bytes` random bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
