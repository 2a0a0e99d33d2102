import type { Kysely } from 'kysely';
import { createAuthEpochTriggers, dropAuthEpochTriggers, fireDeferredAuthEpochTriggers, type WatchedTable } from './auth-epoch-triggers.ts';

// A workspace may require two-factor sign-in of its members (1) or not (0, as every workspace made before). A sign-in
// reads both halves of that rule, the workspace's requirement and whether the person has two-factor on, so a change
// of either raises the auth epoch (005): turning the requirement on shuts out, on the very next call on every node,
// the members who have not turned it on, and turning two-factor on lets them back in at once.
const WORKSPACES_BEFORE: WatchedTable = { table: 'workspaces', columns: ['name'] };
const WORKSPACES: WatchedTable = { table: 'workspaces', columns: ['name', 'require_two_factor'] };
const TWO_FACTOR: WatchedTable = { table: 'two_factor', columns: ['enabled_at'] };

export async function up(db: Kysely<unknown>): Promise<void> {
  await fireDeferredAuthEpochTriggers(db);
  await db.schema.alterTable('workspaces').addColumn('require_two_factor', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await dropAuthEpochTriggers(db, ['workspaces']);
  await createAuthEpochTriggers(db, [WORKSPACES, TWO_FACTOR]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await fireDeferredAuthEpochTriggers(db);
  await dropAuthEpochTriggers(db, ['workspaces', 'two_factor']);
  await createAuthEpochTriggers(db, [WORKSPACES_BEFORE]);
  await db.schema.alterTable('workspaces').dropColumn('require_two_factor').execute();
}
