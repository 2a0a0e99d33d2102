// The password_resets table (migration 015): links kept as the hash of their token; only an account's newest works.
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { newId, randomToken, sha256Hex } from '../shared/ids.ts';
import { RESET_LINK_LIFETIME_MS, type LinkState } from './rules.ts';

/** The link row has a newer one of the same account (by created_at, then id), which voided it. */
const newerExists = (eb: ExpressionBuilder<Database, 'password_resets'>) =>
  eb.exists(
    eb
    .selectFrom('password_resets as newer')
    .select('newer.id')
    .whereRef('newer.user_id', '=', 'password_resets.user_id')
    .where((eb) =>
      eb.or([eb('newer.created_at', '>', eb.ref('password_resets.created_at')), eb.and([eb('newer.created_at', '=', eb.ref('password_resets.created_at')), eb('newer.id', '>', eb.ref('password_resets.id'))])]),
    ),
  );

/** A new link for the account (which voids the older ones); returns its id and its token, which is stored nowhere. */
export async function createResetLink(db: Db, userId: string, now: number): Promise<{ id: string; token: string }> {
  const token = randomToken(32);
  const id = newId();
  // links of the account that can no longer work are dropped on the way
  await db.deleteFrom('password_resets').where('user_id', '=', userId).where((eb) => eb.or([eb('used_at', 'is not', null), eb('expires_at', '<=', now)])).execute();
  await db.insertInto('password_resets').values({ id, user_id: userId, token_hash: sha256Hex(token), created_at: now, expires_at: now + RESET_LINK_LIFETIME_MS, used_at: null }).execute();
  return { id, token };
}


export async function findResetLink(db: Db, token: string): Promise<(LinkState & { id: string; user_id: string }) | undefined> {
  const row = await db
    .selectFrom('password_resets')
    .select(['id', 'user_id', 'expires_at', 'used_at'])
    .select((eb) => newerExists(eb).as('replaced'))
    .where('token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  return row ? { ...row, replaced: Boolean(row.replaced) } : undefined;
}

/**
 * Uses the link: one conditional statement, so of two uses at once exactly one gets the row (PostgreSQL re-checks
 * used_at after the first commits; SQLite writes one at a time). Answers the account's id, or undefined.
 */
export async function useResetLink(tx: Db, token: string, now: number): Promise<string | undefined> {
  const row = await tx
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', sha256Hex(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where((eb) => eb.not(newerExists(eb)))
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** Every other link of the account goes once one was used: a password set, nothing older may set another. */
export async function deleteOtherResetLinks(tx: Db, userId: string, keptToken: string): Promise<void> {
  await tx.deleteFrom('password_resets').where('user_id', '=', userId).where('token_hash', '!=', sha256Hex(keptToken)).execute();
}
