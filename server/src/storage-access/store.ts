// Queries for cloud access rows, and sealing/opening their secrets. Who may see which row is decided here in
// SQL: a user row only by its owner in its workspace, a workspace row only inside its workspace.
import type { Db } from '../db/database.ts';
import type { StorageAccessTable } from '../db/schema.ts';
import { deriveStorageKey, open, seal } from '../shared/sealed.ts';
import type { RowSecrets, RowSettings, Scope } from './rules.ts';

export type AccessRow = StorageAccessTable;


const derivedKeys = new WeakMap<Buffer, Buffer>();

/** The storage-secrets key for a master key (derived once per key). */
export function storageKey(masterKey: Buffer): Buffer {
  let key = derivedKeys.get(masterKey);
  if (!key) {
    key = deriveStorageKey(masterKey);
    derivedKeys.set(masterKey, key);
  }
  return key;
}

export function sealSecrets(key: Buffer, rowId: string, secrets: RowSecrets): string {
  return seal(key, rowId, JSON.stringify(secrets));
}

/** The row's secrets, or undefined when they cannot be decrypted with this key. */
export function openSecrets(key: Buffer, row: Pick<AccessRow, 'id' | 'secrets'>): RowSecrets | undefined {
  try {
    return JSON.parse(open(key, row.id, row.secrets)) as RowSecrets;
  } catch {
    return undefined;
  }
}

export function settingsOf(row: AccessRow): RowSettings {
  return { provider: row.provider, bucket: row.bucket, endpoint: row.endpoint, key: row.key_id, region: row.region, addressing: row.addressing };
}

/** The caller's own rows in this workspace, then the workspace's rows; each group oldest first. */
export async function listVisibleRows(db: Db, userId: string, workspaceId: string): Promise<AccessRow[]> {
  const rows = await db
    .selectFrom('storage_access')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb.and([eb('scope', '=', 'user'), eb('user_id', '=', userId)]), eb('scope', '=', 'workspace')]))
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return [...rows.filter((r) => r.scope === 'user'), ...rows.filter((r) => r.scope === 'workspace')];
}

/** A row the caller can see: their own in this workspace, or one of this workspace's. */
export async function findVisibleRow(db: Db, id: string, userId: string, workspaceId: string): Promise<AccessRow | undefined> {
  return db
    .selectFrom('storage_access')
    .selectAll()
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb.and([eb('scope', '=', 'user'), eb('user_id', '=', userId)]), eb('scope', '=', 'workspace')]))
    .executeTakeFirst();
}

export async function countOwnerRows(db: Db, scope: Scope, userId: string, workspaceId: string): Promise<number> {
  let query = db
    .selectFrom('storage_access')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('scope', '=', scope);
  if (scope === 'user') query = query.where('user_id', '=', userId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every cloud access row of a workspace, its members' and the shared ones. */
export async function countWorkspaceRows(db: Db, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('storage_access').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertRow(db: Db, row: AccessRow): Promise<void> {
  await db.insertInto('storage_access').values(row).execute();
}

/** Writes a change if nobody changed the row since `version` was read; returns whether it did. */
export async function updateRow(
  db: Db,
  id: string,
  version: number,
  values: Pick<AccessRow, 'provider' | 'bucket' | 'endpoint' | 'key_id' | 'region' | 'addressing' | 'secrets' | 'match_key' | 'updated_at'> & {
    detected_region: string | null;
    region_checked_at: number | null;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('storage_access')
    .set({ ...values, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteRow(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('storage_access').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
