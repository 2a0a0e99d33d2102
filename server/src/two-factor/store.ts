// The two_factor and recovery_codes tables. Every change that must happen once (a code accepted, a recovery code
// used, turning it on) is one conditional statement, so two requests at once cannot both win.
import { ConfigError } from '../config.ts';
import { sha256Hex } from '../shared/ids.ts';
import type { Db } from '../db/database.ts';
import { deriveTwoFactorKey, open, seal } from '../shared/sealed.ts';
import { recoveryCodeKey } from './codes.ts';

const derivedKeys = new WeakMap<Buffer, Buffer>();

export function twoFactorKey(masterKey: Buffer): Buffer {
  let key = derivedKeys.get(masterKey);
  if (!key) {
    key = deriveTwoFactorKey(masterKey);
    derivedKeys.set(masterKey, key);
  }
  return key;
}

export interface TwoFactorRow {
  user_id: string;
  secret_sealed: string;
  created_at: number;
  enabled_at: number | null;
  last_time_step: number;
}

export async function findTwoFactor(db: Db, userId: string): Promise<TwoFactorRow | undefined> {
  const row = await db.selectFrom('two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? { ...row, created_at: Number(row.created_at), enabled_at: row.enabled_at === null ? null : Number(row.enabled_at), last_time_step: Number(row.last_time_step) } : undefined;
}

export function openSecret(masterKey: Buffer, row: TwoFactorRow): string {
  return open(twoFactorKey(masterKey), row.user_id, row.secret_sealed);
}

/** A new secret while enrolling (replacing an earlier unfinished one); false when two-factor is on already. */
export async function savePendingSecret(db: Db, masterKey: Buffer, userId: string, secret: string, now: number): Promise<boolean> {
  const sealed = seal(twoFactorKey(masterKey), userId, secret);
  const result = await db
    .insertInto('two_factor')
    .values({ user_id: userId, secret_sealed: sealed, created_at: now, enabled_at: null, last_time_step: 0 })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_sealed: sealed, created_at: now, last_time_step: 0 }).where('two_factor.enabled_at', 'is', null))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Turns it on for the secret the code was checked against; false when that enrolment changed or finished meanwhile. */
export async function markEnabled(db: Db, userId: string, secretSealed: string, step: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('two_factor')
    .set({ enabled_at: now, last_time_step: step })
    .where('user_id', '=', userId)
    .where('enabled_at', 'is', null)
    .where('secret_sealed', '=', secretSealed)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Takes a code's time step; false when that step (or a later one) was taken already: the code is used. */
export async function claimTimeStep(db: Db, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('two_factor')
    .set({ last_time_step: step })
    .where('user_id', '=', userId)
    .where('enabled_at', 'is not', null)
    .where('last_time_step', '<', step)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceRecoveryCodes(db: Db, userId: string, codes: string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: sha256Hex(recoveryCodeKey(code)), used_at: null })))
    .execute();
}

/** Uses a recovery code up; false when it is not one of the person's unused ones. */
export async function useRecoveryCode(db: Db, userId: string, code: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', sha256Hex(recoveryCodeKey(code)))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countRecoveryCodesLeft(db: Db, userId: string): Promise<number> {
  const row = await db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('left')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirst();
  return Number(row?.left ?? 0);
}

/** Turns it off: the secret and every recovery code go. */
export async function deleteTwoFactor(db: Db, userId: string): Promise<number> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  const result = await db.deleteFrom('two_factor').where('user_id', '=', userId).where('enabled_at', 'is not', null).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * `foyer secrets rotate-key`: every two-factor secret re-sealed under the new master key, in the caller's
 * transaction. A secret that opens with neither key is left (with --skip-unreadable) or stops the rotation.
 */
export async function resealTwoFactorSecrets(tx: Db, oldMaster: Buffer, newMaster: Buffer, skipUnreadable: boolean): Promise<{ resealed: number; unreadable: string[] }> {
  const rows = await tx.selectFrom('two_factor').select(['user_id', 'secret_sealed']).orderBy('user_id').execute();
  const result = { resealed: 0, unreadable: [] as string[] };
  for (const row of rows) {
    let secret: string;
    try {
      secret = open(twoFactorKey(oldMaster), row.user_id, row.secret_sealed);
    } catch {
      try {
        open(twoFactorKey(newMaster), row.user_id, row.secret_sealed);
        continue; // already under the new key: a rerun after an interruption
      } catch {
        result.unreadable.push(row.user_id);
        continue;
      }
    }
    await tx.updateTable('two_factor').set({ secret_sealed: seal(twoFactorKey(newMaster), row.user_id, secret) }).where('user_id', '=', row.user_id).execute();
    result.resealed += 1;
  }
  if (result.unreadable.length > 0 && !skipUnreadable) {
    throw new ConfigError(`The two-factor secrets of ${result.unreadable.length} account(s) cannot be decrypted with the current key, so nothing was changed. Run again with --skip-unreadable to leave them (those people then sign in with a recovery code and enrol again).`);
  }
  return result;
}
