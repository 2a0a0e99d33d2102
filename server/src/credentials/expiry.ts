// When a new key pair stops working: what the person asked for, held to the workspace's maximum lifetime. Pure: the
// caller reads the clock and the workspace.
import { MAX_KEY_LIFETIME_DAYS } from '@foyer/contract';

export const DAY_MS = 24 * 3600_000;
/** an expiry closer than this would be gone before the key pair is copied anywhere */
const MIN_LIFETIME_MS = 60_000;

export type KeyExpiry = { expiresAt: number | null } | { refusal: string };

const dateOf = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * `requested`: an ISO 8601 time, null for never, undefined for the default (the workspace's maximum where it has
 * one, else never).
 */
export function keyExpiry(requested: string | null | undefined, now: number, maxLifetimeDays: number | null): KeyExpiry {
  const latest = maxLifetimeDays === null ? undefined : now + maxLifetimeDays * DAY_MS;
  if (requested === undefined) return { expiresAt: latest ?? null };
  if (requested === null) {
    return latest === undefined
      ? { expiresAt: null }
      : { refusal: `key pairs in this workspace expire within ${maxLifetimeDays} days: choose a date up to ${dateOf(latest)}` };
  }
  const at = Date.parse(requested);
  if (at < now + MIN_LIFETIME_MS) return { refusal: 'must be in the future' };
  if (at > now + MAX_KEY_LIFETIME_DAYS * DAY_MS) return { refusal: `must be at most ${MAX_KEY_LIFETIME_DAYS} days ahead` };
  if (latest !== undefined && at > latest) return { refusal: `key pairs in this workspace expire within ${maxLifetimeDays} days: choose a date up to ${dateOf(latest)}` };
  return { expiresAt: at };
}

/** A session a key pair opens ends when the key pair does, whatever lifetime was asked for. */
export function sessionLifetimeSec(askedSec: number, keyExpiresAt: number | null | undefined, now: number): number {
  if (keyExpiresAt === null || keyExpiresAt === undefined) return askedSec;
  return Math.max(1, Math.min(askedSec, Math.floor((keyExpiresAt - now) / 1000)));
}

/** Whether a key pair has expired at `now`. */
export function hasExpired(expiresAt: number | null, now: number): boolean {
  return expiresAt !== null && expiresAt <= now;
}
