// Sign-in throttling for passwords, per account and per IP, kept in the database so every node shares it.
// Key logins are never throttled: a key's secret has ~400 random bits, and a correct key must never wait.
//
// An attempt is counted before its password is checked. It takes a "ticket" first, in one transaction over its two
// rows (account and IP, locked on PostgreSQL): if either is waiting, the attempt is refused with the wait and
// nothing changes; otherwise each count goes up as if the attempt had failed, with the wait that count sets, so
// attempts made in parallel see the wait of those ahead of them instead of all being checked. A failure keeps its
// tickets. A success clears the account and gives the IP its ticket back.
import { locksRows, type Db } from '../db/database.ts';
import type { LoginThrottleTable } from '../db/schema.ts';
import type { Config } from '../config.ts';
import { errors, type ApiError } from '../http/errors.ts';
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

function ipKey(ip: string): string {
  return `ip:${ip}`;
}

/**
 * When a count's wait ends, counted from `at`; 0 for no wait. (Never `at` itself: another attempt that read the
 * clock a moment earlier, or on a node whose clock is behind, would take that for a wait.)
 */
function waitEnds(at: number, failures: number, policy: ThrottlePolicy): number {
  const delay = delayAfterFailures(failures, policy);
  return delay > 0 ? at + delay * 1000 : 0;
}

interface Counter {
  key: string;
  policy: ThrottlePolicy;
}

/** A password attempt: the account it names and the IP it comes from, each with its policy. */
export interface PasswordAttempt {
  account: Counter;
  ip: Counter;
}

export function passwordAttempt(settings: Config['loginThrottle'], email: string, ip: string): PasswordAttempt {
  const { maxDelaySec } = settings;
  return {
    account: { key: accountKey(email), policy: { freeFailures: settings.accountFreeFailures, maxDelaySec } },
    ip: { key: ipKey(ip), policy: { freeFailures: settings.ipFreeFailures, maxDelaySec } },
  };
}

/**
 * Takes the attempt's tickets, or throws `refusal` (errors.throttled unless the caller has words of its own) with the
 * longer of the two waits (and changes nothing).
 * The rows are made if missing and locked in key order (every account key sorts before every IP key, and a success
 * also takes the account first), so two attempts never wait on each other crosswise.
 */
export async function beginAttempt(db: Db, attempt: PasswordAttempt, now: number, refusal: (retryAfterSec: number) => ApiError = errors.throttled): Promise<void> {
  const counters = [attempt.account, attempt.ip].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  await db.transaction().execute(async (tx) => {
    const rows = new Map<string, LoginThrottleTable>();
    for (const { key } of counters) {
      // made if missing, else locked as it is (an upsert that changes nothing): one statement either way, which
      // PostgreSQL keeps right even while another attempt's success is deleting the row
      const row = await tx
        .insertInto('login_throttle')
        .values({ key, failures: 0, last_failure_at: now, blocked_until: 0 })
        .onConflict((oc) => oc.column('key').doUpdateSet({ failures: (eb) => eb.ref('login_throttle.failures') }))
        .returningAll()
        .executeTakeFirstOrThrow();
      rows.set(key, row);
    }
    const wait = Math.max(0, ...[...rows.values()].map((row) => (row.blocked_until > now ? Math.ceil((row.blocked_until - now) / 1000) : 0)));
    if (wait > 0) throw refusal(wait); // rolls back the rows just made
    for (const { key, policy } of counters) {
      const row = rows.get(key)!;
      const failures = now - row.last_failure_at < FORGET_AFTER_MS ? row.failures + 1 : 1;
      const blockedUntil = waitEnds(now, failures, policy);
      await tx.updateTable('login_throttle').set({ failures, last_failure_at: now, blocked_until: blockedUntil }).where('key', '=', key).execute();
    }
  });
}

/** The password was right: the account starts afresh, and the IP gets its ticket back. */
export async function attemptSucceeded(db: Db, attempt: PasswordAttempt): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await clearFailures(tx, attempt.account.key);
    await giveBackTicket(tx, attempt.ip);
  });
}

async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/**
 * One failure fewer. The wait becomes the one the lower count sets (counted from the latest ticket), unless the
 * row already waits less; a row back at no failures goes.
 */
async function giveBackTicket(tx: Db, { key, policy }: Counter): Promise<void> {
  let query = tx.selectFrom('login_throttle').selectAll().where('key', '=', key);
  if (locksRows(tx)) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return;
  const failures = row.failures - 1;
  if (failures <= 0) {
    await tx.deleteFrom('login_throttle').where('key', '=', key).execute();
    return;
  }
  const blockedUntil = Math.min(row.blocked_until, waitEnds(row.last_failure_at, failures, policy));
  await tx.updateTable('login_throttle').set({ failures, blocked_until: blockedUntil }).where('key', '=', key).execute();
}
