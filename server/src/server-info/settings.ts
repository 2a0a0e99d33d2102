// Server-wide settings kept in the database (shared by every node).
import type { Db } from '../db/database.ts';

export async function readSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('server_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export async function writeSetting(db: Db, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('server_settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
    .execute();
}

/**
 * Sets `key` only if it is not set yet, in one statement: true when this call set it. Two callers at once cannot
 * both succeed (on PostgreSQL the second waits for the first's transaction, then finds the key taken).
 */
export async function claimSetting(db: Db, key: string, value: unknown): Promise<boolean> {
  const result = await db
    .insertInto('server_settings')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}
