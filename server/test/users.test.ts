import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startWithAdmin, type TestServer } from './support/server.ts';

for (const dialect of dialects()) {
  describe(`users (${dialect})`, () => {
    let server: TestServer;
    let adminToken: string;
    let bobToken: string;
    let bobId: string;
    before(async () => {
      ({ server, adminToken } = await startWithAdmin(dialect));
      ({ userId: bobId } = await server.createUser({ email: 'bob@example.com', password: 'bob-password-1', name: 'Bob Builder' }));
      bobToken = await server.login('bob@example.com', 'bob-password-1');
    });
    after(() => server.close());

    test('users.get_current_user has the reference shape with company, role, getting_started and settings', async () => {
      const { body } = await server.call('users.get_current_user', { get_supported_features: true }, { token: bobToken });
      const { user, getting_started, settings } = body.data;
      assert.equal(user.id, bobId);
      assert.equal(user.name, 'Bob Builder');
      assert.equal(user.given_name, 'Bob');
      assert.equal(user.family_name, 'Builder');
      assert.equal(user.email, 'bob@example.com');
      assert.match(user.created, /\+00:00$/);
      assert.match(user.company.id, /^[0-9a-f]{32}$/);
      assert.equal(typeof user.company.name, 'string');
      assert.equal(user.role, 'user');
      assert.equal(getting_started.configure, 'clearml-init');
      assert.equal(settings.max_download_items, 50000);
    });

    test('users.update: rename yourself; a user cannot rename someone else; an admin can', async () => {
      const own = await server.call('users.update', { user: bobId, name: 'Robert Builder' }, { token: bobToken });
      assert.deepEqual(own.body.data, { updated: 1, fields: { name: 'Robert Builder' } });
      const me = await server.call('users.get_current_user', {}, { token: bobToken });
      assert.equal(me.body.data.user.name, 'Robert Builder');
      const adminId = (await server.call('users.get_current_user', {}, { token: adminToken })).body.data.user.id;
      const other = await server.call('users.update', { user: adminId, name: 'Pwned' }, { token: bobToken });
      assert.equal(other.status, 403);
      assert.equal((await server.call('users.get_current_user', {}, { token: adminToken })).body.data.user.name, 'Ada Admin');
      const byAdmin = await server.call('users.update', { user: bobId, name: 'Bob Builder' }, { token: adminToken });
      assert.equal(byAdmin.body.data.updated, 1);
      const blank = await server.call('users.update', { user: bobId, name: '   ' }, { token: bobToken });
      assert.equal(blank.status, 400);
    });

    test('preferences: dotted top-level keys are paths; the value replaces what is there', async () => {
      const first = await server.call('users.set_preferences', { preferences: { 'foyer.theme': 'dark', version: 1 } }, { token: bobToken });
      assert.deepEqual(first.body.data, { updated: 1, fields: { preferences: { foyer: { theme: 'dark' }, version: 1 } } });
      await server.call('users.set_preferences', { preferences: { 'foyer.table': { cols: ['a'] } }, return_updated: false }, { token: bobToken });
      await server.call('users.set_preferences', { preferences: { 'foyer.table': { sort: 'name' } } }, { token: bobToken });
      const got = await server.call('users.get_preferences', {}, { token: bobToken });
      assert.deepEqual(got.body.data.preferences, { foyer: { theme: 'dark', table: { sort: 'name' } }, version: 1 });
      const same = await server.call('users.set_preferences', { preferences: { version: 1 } }, { token: bobToken });
      assert.deepEqual(same.body.data, { updated: 0, fields: {} });
      const quiet = await server.call('users.set_preferences', { preferences: { version: 2 }, return_updated: false }, { token: bobToken });
      assert.deepEqual(quiet.body.data, { updated: 1, fields: {} });
    });

    test('preferences: $ keys and nested dots are 400/16; a path through a value is 400/305; nothing changes', async () => {
      const before = (await server.call('users.get_preferences', {}, { token: bobToken })).body.data.preferences;
      const dollar = await server.call('users.set_preferences', { preferences: { $where: 1 } }, { token: bobToken });
      assert.deepEqual([dollar.status, dollar.body.meta.result_subcode], [400, 16]);
      const nestedDot = await server.call('users.set_preferences', { preferences: { a: { 'b.c': 1 } } }, { token: bobToken });
      assert.deepEqual([nestedDot.status, nestedDot.body.meta.result_subcode], [400, 16]);
      const through = await server.call('users.set_preferences', { preferences: { 'version.x': 1 } }, { token: bobToken });
      assert.deepEqual([through.status, through.body.meta.result_subcode], [400, 305]);
      const huge = await server.call('users.set_preferences', { preferences: { big: 'x'.repeat(70 * 1024) } }, { token: bobToken });
      assert.equal(huge.status, 400);
      const after = (await server.call('users.get_preferences', {}, { token: bobToken })).body.data.preferences;
      assert.deepEqual(after, before);
    });

    test('preferences are per user', async () => {
      const admin = await server.call('users.get_preferences', {}, { token: adminToken });
      assert.deepEqual(admin.body.data.preferences, {});
    });

    test('users.get_all lists the members of the caller\'s workspace only, with filters', async () => {
      const all = await server.call('users.get_all', {}, { token: bobToken });
      const names = all.body.data.users.map((u: { name: string }) => u.name).sort();
      assert.deepEqual(names, ['Ada Admin', 'Bob Builder']);
      const filtered = await server.call('users.get_all', { name: 'bob' }, { token: bobToken });
      assert.deepEqual(filtered.body.data.users.map((u: { id: string }) => u.id), [bobId]);
      const byId = await server.call('users.get_all', { id: [bobId], only_fields: ['name'] }, { token: bobToken });
      assert.deepEqual(byId.body.data.users, [{ id: bobId, name: 'Bob Builder' }]);
    });
  });
}
