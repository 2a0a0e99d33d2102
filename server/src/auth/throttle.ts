// Sign-in throttling for passwords, per account and per IP, kept in the database so every node shares it.
// Key logins are never throttled: a key's secret has ~400 random bits, and a correct key must never wait.
import type { Db } from '../db/database.ts';
import { normalizeEmail } from '../users/store.ts';

export interface ThrottlePolicy {
  freeFailures: number;
  maxDelaySec: number;
}

const FORGET_AFTER_MS = 60 * 60 * 1000;

/** Pure rule: the wait imposed after the n-th consecutive failure: none for the free ones, then 1 s, 2 s, 4 s … up to the maximum. */
export function delayAfterFailures(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min(policy.maxDelaySec, 2 ** Math.min(30, failures - policy.freeFailures - 1));
}

/** The account's key: the address in its one spelling, so no other spelling of it gets a counter of its own. */
export function accountKey(email: string): string {
  return `account:${normalizeEmail(email)}`;
}

export function ipKey(ip: string): string {
  return `ip:${ip}`;
}

/** Seconds until `key` may try again (0 when it may now). */
export async function secondsUntilAllowed(db: Db, key: string, now: number): Promise<number> {
  const row = await db.selectFrom('login_throttle').select('blocked_until').where('key', '=', key).executeTakeFirst();
  if (!row || row.blocked_until <= now) return 0;
  return Math.ceil((row.blocked_until - now) / 1000);
}

export async function recordFailure(db: Db, key: string, policy: ThrottlePolicy, now: number): Promise<void> {
  const row = await db.selectFrom('login_throttle').select(['failures', 'last_failure_at']).where('key', '=', key).executeTakeFirst();
  const failures = row && now - row.last_failure_at < FORGET_AFTER_MS ? row.failures + 1 : 1;
  const blockedUntil = now + delayAfterFailures(failures, policy) * 1000;
  await db
    .insertInto('login_throttle')
    .values({ key, failures, last_failure_at: now, blocked_until: blockedUntil })
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures, last_failure_at: now, blocked_until: blockedUntil }))
    .execute();
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
