// Pure rules for API key pairs, in the formats the ClearML server issues.
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../shared/ids.ts';

const ACCESS_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const ACCESS_KEY_PATTERN = /^[A-Z0-9]{30}$/;

/** 30 characters from A-Z0-9. */
export function newAccessKey(): string {
  let key = '';
  for (let i = 0; i < 30; i++) key += ACCESS_KEY_ALPHABET[randomInt(ACCESS_KEY_ALPHABET.length)];
  return key;
}

/** 67 URL-safe characters (50 random bytes), never starting with '-' or '_' (command lines mistake those for options). */
export function newSecretKey(): string {
  for (;;) {
    const secret = randomBytes(50).toString('base64url');
    if (secret[0] !== '-' && secret[0] !== '_') return secret;
  }
}

export function hashSecret(secret: string): string {
  return sha256Hex(secret);
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
