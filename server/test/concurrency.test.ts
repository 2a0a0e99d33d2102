// Read-modify-writes under load: many calls at once through the real server, on SQLite and on PostgreSQL
// (READ COMMITTED, a pool of connections). Every acknowledged change must be there afterwards, no limit may
// be overshot, and a call that reports a change must be the one that made it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, startWithAdmin, type CallResult, type TestServer } from './support/server.ts';
import { ensureConfiguredAdmin } from '../src/users/first-admin.ts';
import { sha256Hex } from '../src/shared/ids.ts';
import { defaultWorkspaceId, insertUserAccount, prepareAccount } from '../src/users/accounts.ts';

const parallel = <T>(n: number, make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => make(i)));

function tally(results: CallResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = `${r.status}/${r.body.meta.result_subcode}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

for (const dialect of dialects()) {
  describe(`concurrent changes (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      ({ server } = await startWithAdmin(dialect, { FOYER_LOGIN_FREE_FAILURES: '1000', FOYER_LOGIN_FREE_FAILURES_PER_IP: '100000' }));
    });
    after(() => server.close());

    async function person(email: string, password = 'a-good-password-1') {
      const { userId } = await server.createUser({ email, password });
      return { userId, token: await server.login(email, password), password };
    }

    test('users.set_preferences: 200 parallel changes of one person are all kept', async () => {
      const { token } = await person('prefs@example.com');
      const results = await parallel(200, (i) => server.call('users.set_preferences', { preferences: { [`parallel.k${i}`]: i } }, { token }));
      assert.deepEqual(tally(results), { '200/0': 200 });
      const { body } = await server.call('users.get_preferences', {}, { token });
      const kept = Object.keys(body.data.preferences.parallel ?? {}).length;
      assert.equal(kept, 200, `every acknowledged change is kept (kept ${kept} of 200)`);
      for (let i = 0; i < 200; i++) assert.equal(body.data.preferences.parallel[`k${i}`], i);
    });

    test('auth.create_credentials: 60 parallel calls under a limit of 20 make exactly 20', async () => {
      const { token } = await person('keys@example.com');
      const results = await parallel(60, (i) => server.call('auth.create_credentials', { label: `k${i}` }, { token }));
      assert.deepEqual(tally(results), { '200/0': 20, '400/50': 40 });
      const listed = await server.call('auth.get_credentials', {}, { token });
      assert.equal(listed.body.data.credentials.length, 20);
      const created = results.filter((r) => r.status === 200).map((r) => r.body.data.credentials.access_key).sort();
      assert.deepEqual(listed.body.data.credentials.map((c: { access_key: string }) => c.access_key).sort(), created, 'the keys acknowledged are the keys held');
    });

    test('auth.revoke_credentials: of 20 parallel revokes of one key, one revokes it and the others are told it is gone', async () => {
      const { token } = await person('revoke@example.com');
      const key = await server.createKey(token, 'doomed');
      const results = await parallel(20, () => server.call('auth.revoke_credentials', { access_key: key.access_key }, { token }));
      assert.deepEqual(tally(results), { '200/0': 1, '400/300': 19 });
      const { db } = server.foyer.services;
      const row = await db.selectFrom('credentials').select('revoked_at').where('access_key', '=', key.access_key).executeTakeFirstOrThrow();
      assert.ok(row.revoked_at !== null);
    });

    test('auth.edit_credentials: of 20 parallel edits to one new label, exactly one reports the change', async () => {
      const { token } = await person('label@example.com');
      const key = await server.createKey(token, 'before');
      const results = await parallel(20, () => server.call('auth.edit_credentials', { access_key: key.access_key, label: 'after' }, { token }));
      assert.deepEqual(tally(results), { '200/0': 20 });
      assert.deepEqual(results.map((r) => r.body.data.updated).sort(), [...Array(19).fill(0), 1]);
      const listed = await server.call('auth.get_credentials', {}, { token });
      assert.equal(listed.body.data.credentials[0].label, 'after');
    });

    test('users.update: of 20 parallel renames to one name, exactly one reports the change', async () => {
      const { token, userId } = await person('rename@example.com');
      const results = await parallel(20, () => server.call('users.update', { user: userId, name: 'Renamed Person' }, { token }));
      assert.deepEqual(tally(results), { '200/0': 20 });
      assert.deepEqual(results.map((r) => r.body.data.updated).sort(), [...Array(19).fill(0), 1]);
      const me = await server.call('users.get_current_user', {}, { token });
      assert.equal(me.body.data.user.name, 'Renamed Person');
    });

    test('users.update: parallel changes of different fields are all kept', async () => {
      const { token, userId } = await person('fields@example.com');
      const results = await Promise.all([
        server.call('users.update', { user: userId, name: 'Grace Hopper' }, { token }),
        server.call('users.update', { user: userId, given_name: 'Grace' }, { token }),
        server.call('users.update', { user: userId, family_name: 'Hopper' }, { token }),
      ]);
      assert.deepEqual(results.map((r) => r.body.data.updated), [1, 1, 1]);
      const me = await server.call('users.get_current_user', {}, { token });
      assert.deepEqual([me.body.data.user.name, me.body.data.user.given_name, me.body.data.user.family_name], ['Grace Hopper', 'Grace', 'Hopper']);
    });

    test('users.change_password: of 8 parallel changes from one session, exactly one is acknowledged, and its password works', async () => {
      const { token, password } = await person('passwords@example.com');
      const results = await parallel(8, (i) => server.call('users.change_password', { old_password: password, new_password: `new-password-${i}-x` }, { token }));
      const ok = results.flatMap((r, i) => (r.status === 200 ? [i] : []));
      assert.equal(ok.length, 1, `one change acknowledged: ${JSON.stringify(tally(results))}`);
      for (const r of results) if (r.status !== 200) assert.equal(r.status, 409, JSON.stringify(r.body.meta));
      const works = await server.call('auth.login', {}, { basic: ['passwords@example.com', `new-password-${ok[0]}-x`] });
      assert.equal(works.status, 200, 'the acknowledged password is the one in force');
      assert.equal((await server.call('auth.login', {}, { basic: ['passwords@example.com', password] })).status, 401);
    });
  });

  describe(`first administrator and the default workspace under concurrency (${dialect})`, () => {
    test('parallel setup links (one per node): exactly one first administrator, in one workspace', async () => {
      const server = await startServer(dialect);
      try {
        const { db } = server.foyer.services;
        const now = Date.now();
        const tokens = Array.from({ length: 8 }, (_, i) => `setup-token-${i}-${Math.random().toString(36).slice(2)}`);
        await db
          .insertInto('setup_tokens')
          .values(tokens.map((t) => ({ token_hash: sha256Hex(t), created_at: now, expires_at: now + 3_600_000, used_at: null })))
          .execute();
        const results = await Promise.all(
          tokens.map((token, i) => server.call('auth.setup_admin', { token, email: `first-${i}@example.com`, password: 'first-admin-pass-1', name: `First ${i}` })),
        );
        assert.deepEqual(tally(results), { '200/0': 1, '400/0': 7 });
        assert.equal((await db.selectFrom('users').selectAll().execute()).length, 1);
        assert.equal((await db.selectFrom('workspaces').selectAll().execute()).length, 1);
        const owners = await db.selectFrom('memberships').selectAll().where('role', '=', 'owner').execute();
        assert.equal(owners.length, 1);
        // the links that lost are not burnt by the refusal
        const unused = await db.selectFrom('setup_tokens').select('token_hash').where('used_at', 'is', null).execute();
        assert.equal(unused.length, 7);
      } finally {
        await server.close();
      }
    });

    test('single mode: the first accounts made at once all land in one workspace, with one owner', async () => {
      const server = await startServer(dialect);
      try {
        const { db } = server.foyer.services;
        const made = await parallel(8, (i) => server.createUser({ email: `early-${i}@example.com`, password: 'early-password-1', role: i < 4 ? 'admin' : 'user' }));
        const workspaces = new Set(made.map((m) => m.workspaceId));
        assert.equal(workspaces.size, 1, 'every account got the same workspace');
        assert.equal((await db.selectFrom('workspaces').selectAll().execute()).length, 1);
        const setting = await db.selectFrom('server_settings').select('value').where('key', '=', 'default_workspace_id').executeTakeFirstOrThrow();
        assert.equal(JSON.parse(setting.value), [...workspaces][0]);
        const owners = await db.selectFrom('memberships').select('user_id').where('role', '=', 'owner').execute();
        assert.equal(owners.length, 1, 'one owner');
        const companies = await parallel(8, async (i) => {
          const token = await server.login(`early-${i}@example.com`, 'early-password-1');
          return (await server.call('users.get_current_user', {}, { token })).body.data.user.company.id;
        });
        assert.deepEqual(new Set(companies), workspaces);
      } finally {
        await server.close();
      }
    });

    test('single mode: two nodes asking for the default workspace at once get the same one', async () => {
      const server = await startServer(dialect);
      try {
        const { db } = server.foyer.services;
        const ids = await parallel(10, () => defaultWorkspaceId(db, Date.now(), 'Main workspace'));
        assert.equal(new Set(ids).size, 1, `one workspace for all: ${[...new Set(ids)].join(', ')}`);
        assert.equal((await db.selectFrom('workspaces').selectAll().execute()).length, 1);
        const setting = await db.selectFrom('server_settings').select('value').where('key', '=', 'default_workspace_id').executeTakeFirstOrThrow();
        assert.equal(JSON.parse(setting.value), ids[0]);
      } finally {
        await server.close();
      }
    });

    test('single mode: administrators added at once to the workspace: exactly one becomes its owner', async () => {
      const server = await startServer(dialect);
      try {
        const { db } = server.foyer.services;
        const now = Date.now();
        const defaultWorkspace = await defaultWorkspaceId(db, now, 'Main workspace');
        const inputs = await parallel(6, async (i) => {
          const input = { email: `admin-${i}@example.com`, password: 'admin-password-1', name: `Admin ${i}`, serverRole: 'admin' as const, now };
          return { ...input, prepared: await prepareAccount(input), defaultWorkspace };
        });
        await Promise.all(inputs.map((input) => db.transaction().execute((tx) => insertUserAccount(tx, 'single', input))));
        const roles = await db.selectFrom('memberships').select('role').where('workspace_id', '=', defaultWorkspace).execute();
        assert.deepEqual(roles.map((r) => r.role).sort(), ['admin', 'admin', 'admin', 'admin', 'admin', 'owner']);
      } finally {
        await server.close();
      }
    });

    test('the configured administrator, made by several nodes starting at once: one account, no error', async () => {
      const server = await startServer(dialect, { FOYER_ADMIN_EMAIL: 'boss@example.com', FOYER_ADMIN_PASSWORD: 'boss-password-1' });
      try {
        const { db } = server.foyer.services;
        const outcomes = await parallel(6, () => ensureConfiguredAdmin(server.foyer.services));
        assert.deepEqual(outcomes.filter((o) => o === 'created').length, 1);
        assert.deepEqual(outcomes.filter((o) => o === 'exists').length, 5);
        assert.equal((await db.selectFrom('users').selectAll().execute()).length, 1);
        assert.equal((await server.call('auth.login', {}, { basic: ['boss@example.com', 'boss-password-1'] })).status, 200);
      } finally {
        await server.close();
      }
    });
  });
}
