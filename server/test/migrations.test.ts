// Migrations that reshape tables holding data: run down and up again over rows, on both databases.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator, sql } from 'kysely';
import type { Db } from '../src/db/database.ts';
import { migrationProvider } from '../src/db/migrations/index.ts';
import { newSessionId, storedSessionId } from '../src/auth/sessions.ts';
import { findActiveSession } from '../src/auth/sign-in-lookups.ts';
import { isoTime } from '../src/shared/time.ts';
import { dialects, startWithAdmin } from './support/server.ts';

/** Moves the database to the named migration, up or down, and asserts it got there. */
function migrateTo(db: Db): (target: string | 'latest') => Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  return async (target) => {
    const { error } = target === 'latest' ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
    assert.equal(error, undefined, String(error));
  };
}

for (const dialect of dialects()) {
  describe(`migrations over data (${dialect})`, () => {
    test('007 re-keys sessions by member and back, keeping every session, its state and the auth epoch triggers', async () => {
      const { server } = await startWithAdmin(dialect);
      try {
        const { db } = server.foyer.services;
        const step = migrateTo(db);
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
        // at 007 the sign-in lookup of today reads tables that come later: the session's own row says enough here
        const unrevoked = async (rawId: string) =>
          (await db.selectFrom('sessions').select('user_id').where('id', '=', storedSessionId(rawId)).where('revoked_at', 'is', null).executeTakeFirst())?.user_id;
        assert.equal(await unrevoked(live), admin);
        assert.equal(await unrevoked(revoked), undefined, 'a revoked session stays revoked');
        const start = await epoch();
        await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', storedSessionId(live)).execute();
        assert.ok((await epoch()) > start, 'revoking a session still raises the auth epoch');
        await db.updateTable('sessions').set({ revoked_at: null }).where('id', '=', storedSessionId(live)).execute();

        await step('006_worker_departures');
        assert.deepEqual(await indexes(), ['sessions_credential', 'sessions_expires', 'sessions_user']);
        assert.equal(await count(), rowsBefore);
        await step('007_sessions_by_member');
        assert.equal(await unrevoked(live), admin);
        await step('latest');
        assert.equal((await findActiveSession(db, key(live), now))?.userId, admin, 'and today\'s sign-in finds it');
        assert.equal(await findActiveSession(db, key(revoked), now), undefined);
      } finally {
        await server.close();
      }
    });

    test('009 renames the single-mode workspace from "Foyer" to "Main workspace", only while it still has that name', async () => {
      const { server } = await startWithAdmin(dialect, { FOYER_MODE: 'single' });
      try {
        const { db } = server.foyer.services;
        const moveTo = migrateTo(db);
        const defaultId = (await db.selectFrom('memberships').select('workspace_id').executeTakeFirstOrThrow()).workspace_id;
        const nameOf = async (id: string) => (await db.selectFrom('workspaces').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name;
        assert.equal(await nameOf(defaultId), 'Main workspace', 'a new database names it so from the start');
        await moveTo('008_session_ends');
        assert.equal(await nameOf(defaultId), 'Foyer', 'going back restores the old default name');
        // another workspace that happens to be called "Foyer" (not the default one) keeps its name
        await db.insertInto('workspaces').values({ id: 'other-foyer', name: 'Foyer', max_members: null, who_can_invite: 'admins', personal_of_user_id: null, created_at: Date.now() }).execute();
        await moveTo('009_main_workspace_name');
        assert.deepEqual([await nameOf(defaultId), await nameOf('other-foyer')], ['Main workspace', 'Foyer']);

        // a name an owner chose stays as it is
        await moveTo('008_session_ends');
        await db.updateTable('workspaces').set({ name: 'Vision lab' }).where('id', '=', defaultId).execute();
        await moveTo('009_main_workspace_name');
        assert.equal(await nameOf(defaultId), 'Vision lab');
        await moveTo('latest');
      } finally {
        await server.close();
      }
    });

    test('010 adds the invitation note; links made before have none, and the note goes away with it on the way down', async () => {
      const { server, adminToken } = await startWithAdmin(dialect);
      try {
        const { db } = server.foyer.services;
        const moveTo = migrateTo(db);
        const workspace = (await db.selectFrom('memberships').select('workspace_id').executeTakeFirstOrThrow()).workspace_id;
        await moveTo('009_main_workspace_name');
        const columns = async () => (await db.introspection.getTables()).find((t) => t.name === 'invites')!.columns.map((c) => c.name);
        assert.ok(!(await columns()).includes('note'));
        await sql`insert into invites (id, workspace_id, created_by, token_hash, role, email, email_domains, max_uses, uses, created_at, expires_at, revoked_at)
          select 'old-link', ${workspace}, id, 'old-hash', 'member', null, null, 1, 0, 1, ${Date.now() + 60_000}, null from users`.execute(db);
        await moveTo('latest');
        assert.ok((await columns()).includes('note'));
        const { body } = await server.call('invites.get_all', { workspace }, { token: adminToken });
        assert.equal(body.data.invites.find((i: { id: string }) => i.id === 'old-link').note, null);
        const noted = await server.call('invites.create', { workspace, note: 'for the data team' }, { token: adminToken });
        assert.equal(noted.body.data.note, 'for the data team');
      } finally {
        await server.close();
      }
    });

    test('011 adds where a session came from; sessions opened before are listed as an unknown client, and going down keeps them', async () => {
      const { server, adminToken } = await startWithAdmin(dialect);
      try {
        const { db } = server.foyer.services;
        const moveTo = migrateTo(db);
        const columns = async () => (await db.introspection.getTables()).find((t) => t.name === 'sessions')!.columns.map((c) => c.name);
        const count = async () => Number((await db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        const rowsBefore = await count();

        await moveTo('010_invite_notes');
        assert.deepEqual((await columns()).filter((c) => ['ip', 'client', 'worker', 'user_agent', 'last_seen_at'].includes(c)), []);
        assert.equal(await count(), rowsBefore, 'going down keeps every session');
        const { userId, workspaceId } = (await db.selectFrom('memberships').select(['user_id as userId', 'workspace_id as workspaceId']).executeTakeFirstOrThrow());
        const now = Date.now();
        const older = newSessionId(now - 1000);
        await db.insertInto('sessions').values({ id: storedSessionId(older), user_id: userId, workspace_id: workspaceId, credential_id: null, created_at: now - 1000, expires_at: now + 60_000 }).execute();

        await moveTo('latest');
        const { status, body } = await server.call('users.get_sessions', {}, { token: adminToken });
        assert.equal(status, 200, body.meta?.result_msg);
        assert.equal(body.data.total, rowsBefore + 1);
        const listed = body.data.sessions.filter((s: { current: boolean }) => !s.current);
        const fromBefore = listed.find((s: { created: string }) => s.created === isoTime(now - 1000));
        assert.ok(fromBefore, 'the session opened before 011 is listed');
        assert.equal(fromBefore.client.kind, 'unknown');
        assert.equal(fromBefore.ip, null);
        assert.equal(fromBefore.last_seen, fromBefore.created, 'never used since: its last use is its opening');
      } finally {
        await server.close();
      }
    });
  });
}
