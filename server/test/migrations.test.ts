// Migrations that reshape tables holding data: run down and up again over rows, on both databases.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator, sql } from 'kysely';
import { migrationProvider } from '../src/db/migrations/index.ts';
import { findActiveSession, newSessionId, storedSessionId } from '../src/auth/sessions.ts';
import { dialects, startWithAdmin } from './support/server.ts';

for (const dialect of dialects()) {
  describe(`migrations over data (${dialect})`, () => {
    test('007 re-keys sessions by member and back, keeping every session, its state and the auth epoch triggers', async () => {
      const { server } = await startWithAdmin(dialect);
      try {
        const { db } = server.foyer.services;
        const migrator = new Migrator({ db, provider: migrationProvider });
        const step = async (target: string) => {
          const { error } = await migrator.migrateTo(target);
          assert.equal(error, undefined, String(error));
        };
        const admin = (await db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
        const workspace = (await db.selectFrom('memberships').select('workspace_id').where('user_id', '=', admin).executeTakeFirstOrThrow()).workspace_id;
        const epoch = async () => Number((await sql<{ value: number }>`select value from auth_epoch where id = 1`.execute(db)).rows[0]!.value);
        const indexes = async () =>
          dialect === 'sqlite'
            ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'sessions' and name not like 'sqlite_%'`.execute(db)).rows.map((r) => r.name).sort()
            : (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'sessions' and indexname not like '%pk%' and indexname not like '%pkey'`.execute(db)).rows.map((r) => r.name).sort();

        await step('006_worker_departures');
        assert.deepEqual(await indexes(), ['sessions_credential', 'sessions_expires', 'sessions_user']);
        const now = Date.now();
        const live = newSessionId(now);
        const revoked = newSessionId(now + 1);
        await db
          .insertInto('sessions')
          .values([
            { id: storedSessionId(live), user_id: admin, workspace_id: workspace, credential_id: null, created_at: now, expires_at: now + 60_000 },
            { id: storedSessionId(revoked), user_id: admin, workspace_id: workspace, credential_id: null, created_at: now, expires_at: now + 60_000, revoked_at: now },
          ])
          .execute();
        const count = async () => Number((await db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        const rowsBefore = await count();

        await step('007_sessions_by_member');
        assert.deepEqual(await indexes(), [], 'one b-tree: no secondary index');
        assert.equal(await count(), rowsBefore);
        const key = (rawId: string) => ({ rawId, userId: admin, workspaceId: workspace });
        assert.equal((await findActiveSession(db, key(live), now))?.userId, admin);
        assert.equal(await findActiveSession(db, key(revoked), now), undefined, 'a revoked session stays revoked');
        const start = await epoch();
        await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', storedSessionId(live)).execute();
        assert.ok((await epoch()) > start, 'revoking a session still raises the auth epoch');
        await db.updateTable('sessions').set({ revoked_at: null }).where('id', '=', storedSessionId(live)).execute();

        await step('006_worker_departures');
        assert.deepEqual(await indexes(), ['sessions_credential', 'sessions_expires', 'sessions_user']);
        assert.equal(await count(), rowsBefore);
        await step('007_sessions_by_member');
        assert.equal((await findActiveSession(db, key(live), now))?.userId, admin);
      } finally {
        await server.close();
      }
    });
  });
}
