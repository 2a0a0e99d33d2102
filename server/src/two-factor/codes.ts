// What a typed code is (pure): six digits from the app, or a recovery code; and new recovery codes.
import { randomBytes } from 'node:crypto';
import { RECOVERY_CODE_COUNT } from '@foyer/contract';

export type TypedCode = { kind: 'app'; token: string } | { kind: 'recovery'; code: string };

/** Spaces and dashes are ignored, and case: "123 456", "3f2a1-0b9c4-…" */
export function parseCode(typed: string): TypedCode | undefined {
  if (typed.length > 64) return undefined;
  const compact = typed.replace(/[\s-]+/g, '').toLowerCase();
  if (/^\d{6}$/.test(compact)) return { kind: 'app', token: compact };
  if (/^[0-9a-f]{20}$/.test(compact)) return { kind: 'recovery', code: compact };
  return undefined;
}

/** Ten codes of 80 random bits, written "3f2a1-0b9c4-77de0-a1c3b" (the dashes are for reading). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => (randomBytes(10).toString('hex').match(/.{5}/g) ?? []).join('-'));
}

/** A recovery code as it is compared: without dashes, lower case. */
export function recoveryCodeKey(code: string): string {
  return code.replace(/[\s-]+/g, '').toLowerCase();
}
