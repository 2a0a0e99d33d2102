// Pure rules for API key pairs, in the formats the ClearML server issues.
import { randomInt, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { sha256Hex } from '../shared/ids.ts';

const ACCESS_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const ACCESS_KEY_PATTERN = /^[A-Z0-9]{30}$/;

/** 30 characters from A-Z0-9. */
export function newAccessKey(): string {
  let key = '';
  for (let i = 0; i < 30; i++) key += ACCESS_KEY_ALPHABET[randomInt(ACCESS_KEY_ALPHABET.length)];
  return key;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A secret says what it is, so that a scanner can tell a real Foyer secret from noise without asking anyone: the
 * prefix, 55 random base62 characters (about 327 bits), and the CRC32 of those two in 6 base62 characters (the
 * scheme of GitHub's tokens). Secrets issued before this format keep working; only new ones have it.
 */
export const SECRET_PREFIX = 'foyer_';
const SECRET_RANDOM_LENGTH = 55;
const CHECKSUM_LENGTH = 6;
export const SECRET_PATTERN = new RegExp(`^${SECRET_PREFIX}[0-9A-Za-z]{${SECRET_RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);

function base62(value: number, length: number): string {
  let text = '';
  for (let rest = value; text.length < length; rest = Math.floor(rest / 62)) text = BASE62[rest % 62] + text;
  return text;
}

function checksum(body: string): string {
  return base62(crc32(body), CHECKSUM_LENGTH);
}

/** 67 characters: foyer_, 55 random, 6 of checksum. */
export function newSecretKey(): string {
  let body = SECRET_PREFIX;
  for (let i = 0; i < SECRET_RANDOM_LENGTH; i++) body += BASE62[randomInt(62)];
  return body + checksum(body);
}

/** Whether a text is a secret of Foyer's format with a checksum that holds (it says nothing of whether it was ever issued). */
export function isFoyerSecret(text: string): boolean {
  if (!SECRET_PATTERN.test(text)) return false;
  const body = text.slice(0, -CHECKSUM_LENGTH);
  return checksum(body) === text.slice(-CHECKSUM_LENGTH);
}

export function hashSecret(secret: string): string {
  return sha256Hex(secret);
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
