import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startWithAdmin, type TestServer } from './support/server.ts';

for (const dialect of dialects()) {
  describe(`API credentials (${dialect})`, () => {
    let server: TestServer;
    let adminToken: string;
    let userToken: string;
    before(async () => {
      ({ server, adminToken } = await startWithAdmin(dialect, { FOYER_MAX_CREDENTIALS: '6' }));
      await server.createUser({ email: 'bob@example.com', password: 'bob-password-1', name: 'Bob' });
      userToken = await server.login('bob@example.com', 'bob-password-1');
    });
    after(() => server.close());

    test('create: a 30-character A-Z0-9 key and a 67-character secret (foyer_, random, checksum), returned once', async () => {
      const { status, body } = await server.call('auth.create_credentials', { label: 'laptop' }, { token: userToken });
      assert.equal(status, 200);
      const { access_key, secret_key, label } = body.data.credentials;
      assert.match(access_key, /^[A-Z0-9]{30}$/);
      assert.match(secret_key, /^foyer_[0-9A-Za-z]{61}$/);
      assert.doesNotMatch(secret_key, /^[-_]/);
      assert.equal(label, 'laptop');
      const list = await server.call('auth.get_credentials', {}, { token: userToken });
      assert.ok(!JSON.stringify(list.body).includes(secret_key), 'the secret is never returned again');
      const row = list.body.data.credentials.find((c: { access_key: string }) => c.access_key === access_key);
      assert.equal(row.label, 'laptop');
      assert.match(row.created, /^\d{4}-\d\d-\d\dT/);
      assert.equal(row.last_used, undefined, 'never used yet');
    });

    test('get: last used time, from where (worker header or IP) and which client', async () => {
      const key = await server.createKey(userToken, 'worker key');
      const login = await server.call('auth.login', undefined, {
        method: 'GET',
        basic: [key.access_key, key.secret_key],
        headers: { 'X-ClearML-Worker': 'gpu-box-7', 'X-ClearML-Client': 'clearml-1.17.0' },
      });
      assert.equal(login.status, 200);
      const list = await server.call('auth.get_credentials', {}, { token: userToken });
      const row = list.body.data.credentials.find((c: { access_key: string }) => c.access_key === key.access_key);
      assert.equal(row.last_used_from, 'gpu-box-7');
      assert.equal(row.last_used_client, 'clearml-1.17.0');
      assert.ok(Date.now() - Date.parse(row.last_used) < 60_000);
      // a token from that key counts as a use of it; without a worker header the IP is recorded
      await server.call('users.get_current_user', {}, { token: login.body.data.token, headers: { 'X-ClearML-Agent': 'api-1.9.2' } });
      const again = await server.call('auth.get_credentials', {}, { token: userToken });
      const row2 = again.body.data.credentials.find((c: { access_key: string }) => c.access_key === key.access_key);
      assert.equal(row2.last_used_from, '127.0.0.1');
      assert.equal(row2.last_used_client, 'api-1.9.2');
      assert.equal(again.body.data.max_credentials, 6);
    });

    test('last-used writes are coalesced, and a pending one is written at shutdown', async () => {
      const key = await server.createKey(adminToken, 'coalesce');
      const recorder = server.foyer.services.lastUsed;
      for (let i = 0; i < 20; i++) await server.call('auth.login', undefined, { method: 'GET', basic: [key.access_key, key.secret_key] });
      const db = server.foyer.services.db;
      const before = await db.selectFrom('credentials').select('last_used_at').where('access_key', '=', key.access_key).executeTakeFirstOrThrow();
      assert.equal(before.last_used_at, null, '20 logins, no write yet: they are coalesced');
      await recorder.close(); // what shutdown does
      const after = await db.selectFrom('credentials').select('last_used_at').where('access_key', '=', key.access_key).executeTakeFirstOrThrow();
      assert.ok(after.last_used_at !== null && Date.now() - after.last_used_at < 60_000);
    });

    test('edit: relabel your own key; another user\'s key is 400/75 and unchanged', async () => {
      const key = await server.createKey(userToken, 'old');
      const edit = await server.call('auth.edit_credentials', { access_key: key.access_key, label: 'new' }, { token: userToken });
      assert.deepEqual(edit.body.data, { updated: 1 });
      const foreign = await server.call('auth.edit_credentials', { access_key: key.access_key, label: 'hijack' }, { token: adminToken });
      assert.deepEqual([foreign.status, foreign.body.meta.result_subcode], [400, 75]);
      const list = await server.call('auth.get_credentials', {}, { token: userToken });
      assert.equal(list.body.data.credentials.find((c: { access_key: string }) => c.access_key === key.access_key).label, 'new');
      const adminList = await server.call('auth.get_credentials', {}, { token: adminToken });
      assert.ok(!adminList.body.data.credentials.some((c: { access_key: string }) => c.access_key === key.access_key), 'others never see it');
    });

    test('revoke: only your own; another user\'s key is 400/300 and keeps working', async () => {
      const key = await server.createKey(userToken, 'mine');
      const foreign = await server.call('auth.revoke_credentials', { access_key: key.access_key }, { token: adminToken });
      assert.deepEqual([foreign.status, foreign.body.meta.result_subcode], [400, 300]);
      assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).status, 200);
      const unknown = await server.call('auth.revoke_credentials', { access_key: 'NOSUCHKEY' }, { token: userToken });
      assert.equal(unknown.status, 400);
    });

    test('the maximum per user and workspace is 400/50; revoking frees a place', async () => {
      await server.createUser({ email: 'max@example.com', password: 'max-password-1' });
      const token = await server.login('max@example.com', 'max-password-1');
      const keys = [];
      for (let i = 0; i < 6; i++) keys.push(await server.createKey(token, `k${i}`));
      const over = await server.call('auth.create_credentials', {}, { token });
      assert.deepEqual([over.status, over.body.meta.result_subcode], [400, 50]);
      assert.match(over.body.meta.result_msg, /maximum of 6/);
      await server.call('auth.revoke_credentials', { access_key: keys[0]!.access_key }, { token });
      assert.equal((await server.call('auth.create_credentials', {}, { token })).status, 200);
    });

    test('a wrong secret for a real key is 401/22', async () => {
      const key = await server.createKey(userToken);
      const wrong = await server.call('auth.login', {}, { basic: [key.access_key, `${key.secret_key.slice(0, -1)}x`] });
      assert.deepEqual([wrong.status, wrong.body.meta.result_subcode], [401, 22]);
    });
  });
}
