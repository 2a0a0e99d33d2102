// The authorization matrix: endpoint × role × foreign object. Nobody reads or changes another workspace's
// data, and members cannot do what only admins may. Every refused call must also change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startWithAdmin, type TestServer } from './support/server.ts';

for (const dialect of dialects()) {
  describe(`authorization matrix (${dialect})`, () => {
    let server: TestServer;
    const A = { id: '', owner: '', admin: '', member: '', memberId: '', adminId: '' };
    const B = { id: '', owner: '', ownerId: '', inviteId: '', key: { access_key: '', secret_key: '' } };

    async function join(workspace: string, inviterToken: string, email: string, role: 'admin' | 'member') {
      const url = (await server.call('invites.create', { workspace, role }, { token: inviterToken })).body.data.url;
      const signUp = await server.call('auth.sign_up', { email, password: 'matrix-password-1', name: email.split('@')[0], invite_token: url.split('/invite/')[1] });
      assert.equal(signUp.status, 200);
      return { token: await server.login(email, 'matrix-password-1'), id: signUp.body.data.user as string };
    }

    async function snapshotB() {
      const members = await server.call('workspaces.get_members', { workspace: B.id }, { token: B.owner });
      const invites = await server.call('invites.get_all', { workspace: B.id }, { token: B.owner });
      const keys = await server.call('auth.get_credentials', {}, { token: B.owner });
      const companies = await server.call('organization.get_user_companies', {}, { token: B.owner });
      const me = await server.call('users.get_current_user', {}, { token: B.owner });
      return JSON.stringify({ members: members.body.data, invites: invites.body.data, keys: keys.body.data, companies: companies.body.data, me: me.body.data.user });
    }

    before(async () => {
      let ada: string;
      ({ server, adminToken: ada } = await startWithAdmin(dialect, { FOYER_MODE: 'multi' }));
      A.owner = ada;
      A.id = (await server.call('workspaces.create', { name: 'Alpha' }, { token: ada })).body.data.id;
      const adm = await join(A.id, ada, 'alpha-admin@example.com', 'admin');
      const mem = await join(A.id, ada, 'alpha-member@example.com', 'member');
      Object.assign(A, { admin: adm.token, adminId: adm.id, member: mem.token, memberId: mem.id });

      await server.createUser({ email: 'bea@example.com', password: 'matrix-password-1', name: 'Bea' });
      B.owner = await server.login('bea@example.com', 'matrix-password-1');
      B.ownerId = (await server.call('users.get_current_user', {}, { token: B.owner })).body.data.user.id;
      B.id = (await server.call('workspaces.create', { name: 'Beta' }, { token: B.owner })).body.data.id;
      B.owner = (await server.call('workspaces.switch', { workspace: B.id }, { token: B.owner })).body.data.token;
      B.inviteId = (await server.call('invites.create', { workspace: B.id, max_uses: 3 }, { token: B.owner })).body.data.id;
      B.key = await server.createKey(B.owner, 'beta key');
    });
    after(() => server.close());

    const foreignCalls = (): Array<[string, Record<string, unknown>, Record<string, string>?]> => [
      ['workspaces.get_members', { workspace: B.id }],
      ['workspaces.update', { workspace: B.id, name: 'Owned' }],
      ['workspaces.update', { workspace: B.id, max_members: 1000 }],
      ['workspaces.set_member_role', { workspace: B.id, user: B.ownerId, role: 'member' }],
      ['workspaces.remove_member', { workspace: B.id, user: B.ownerId }],
      ['workspaces.switch', { workspace: B.id }],
      ['workspaces.get_leave_impact', { workspace: B.id }],
      ['workspaces.leave', { workspace: B.id }],
      ['invites.get_all', { workspace: B.id }],
      ['invites.create', { workspace: B.id }],
      ['invites.revoke', { id: B.inviteId }],
      ['auth.edit_credentials', { access_key: B.key.access_key, label: 'stolen' }],
      ['auth.revoke_credentials', { access_key: B.key.access_key }],
      ['auth.rotate_credentials', { access_key: B.key.access_key }],
      ['auth.end_credentials_rotation', { access_key: B.key.access_key }],
      ['auth.roll_back_credentials_rotation', { access_key: B.key.access_key }],
      ['users.update', { user: B.ownerId, name: 'Renamed' }],
      ['auth.login', {}, { 'X-Clearml-Tenant': B.id }],
    ];

    for (const role of ['owner', 'admin', 'member'] as const) {
      test(`a workspace ${role} of Alpha can neither read nor change anything of Beta`, async () => {
        const before = await snapshotB();
        const token = A[role];
        for (const [name, body, headers] of foreignCalls()) {
          const { status, body: response } = await server.call(name, body, { token, ...(headers ? { headers } : {}) });
          assert.ok(status >= 400 && status < 500, `${name} by an Alpha ${role} answered ${status}`);
          const text = JSON.stringify(response.data);
          assert.ok(!text.includes('Beta') && !text.includes('bea@example.com'), `${name} leaked Beta data`);
        }
        const users = await server.call('users.get_all', {}, { token });
        assert.ok(!users.body.data.users.some((u: { id: string }) => u.id === B.ownerId), 'users.get_all is scoped to the workspace');
        const companies = await server.call('organization.get_user_companies', {}, { token });
        assert.ok(!companies.body.data.companies.some((c: { id: string }) => c.id === B.id));
        // the web app's project, task and report lists, filtered by Beta's people and workspace: nothing of Beta
        for (const [name, body] of [['projects.get_user_names', { projects: [B.id] }], ['projects.get_all_ex', { active_users: [B.ownerId] }], ['tasks.get_all_ex', { user: [B.ownerId] }], ['reports.get_all_ex', { user: [B.ownerId] }]] as const) {
          const listed = await server.call(name, body, { token });
          assert.equal(listed.status, 200, `${name}: ${listed.body.meta.result_msg}`);
          assert.ok(!JSON.stringify(listed.body.data).includes(B.ownerId) && !JSON.stringify(listed.body.data).includes(B.id), `${name} lists nothing of Beta`);
        }
        assert.equal(await snapshotB(), before, 'nothing of Beta changed');
        assert.equal((await server.call('auth.login', {}, { basic: [B.key.access_key, B.key.secret_key] })).status, 200, "Beta's key still works");
      });
    }

    test('an Alpha key cannot reach Beta even when its owner is a member of both', async () => {
      const link = (await server.call('invites.create', { workspace: B.id }, { token: B.owner })).body.data.url.split('/invite/')[1];
      const both = await join(A.id, A.owner, 'both@example.com', 'member');
      assert.equal((await server.call('invites.accept', { token: link }, { token: both.token })).status, 200);
      const alphaToken = (await server.call('workspaces.switch', { workspace: A.id }, { token: both.token })).body.data.token;
      const alphaKey = await server.createKey(alphaToken, 'alpha only');
      const keyToken = (await server.call('auth.login', {}, { basic: [alphaKey.access_key, alphaKey.secret_key] })).body.data.token;
      for (const [name, body] of [['workspaces.get_members', { workspace: B.id }], ['invites.get_all', { workspace: B.id }], ['workspaces.switch', { workspace: B.id }]] as const) {
        const { status, body: response } = await server.call(name, body, { token: keyToken });
        assert.deepEqual([status, response.meta.result_subcode], [400, 92], name);
      }
    });

    test('an Alpha member cannot do what only admins may', async () => {
      const before = JSON.stringify((await server.call('workspaces.get_members', { workspace: A.id }, { token: A.owner })).body.data);
      const adminInvite = (await server.call('invites.create', { workspace: A.id }, { token: A.admin })).body.data.id;
      const calls: Array<[string, Record<string, unknown>]> = [
        ['workspaces.update', { workspace: A.id, name: 'Mine now' }],
        ['workspaces.set_member_role', { workspace: A.id, user: A.memberId, role: 'admin' }],
        ['workspaces.remove_member', { workspace: A.id, user: A.adminId }],
        ['invites.create', { workspace: A.id }],
        ['invites.get_all', { workspace: A.id }],
        ['invites.revoke', { id: adminInvite }],
      ];
      for (const [name, body] of calls) {
        const { status } = await server.call(name, body, { token: A.member });
        assert.equal(status, 403, `${name} by a member answered ${status}`);
      }
      assert.equal(JSON.stringify((await server.call('workspaces.get_members', { workspace: A.id }, { token: A.owner })).body.data), before);
      const invites = await server.call('invites.get_all', { workspace: A.id }, { token: A.owner });
      assert.equal(invites.body.data.invites.find((i: { id: string }) => i.id === adminInvite).status, 'pending');
    });

    test('an admin cannot remove or demote an owner, nor grant ownership', async () => {
      const adaId = (await server.call('users.get_current_user', {}, { token: A.owner })).body.data.user.id;
      assert.equal((await server.call('workspaces.remove_member', { workspace: A.id, user: adaId }, { token: A.admin })).status, 403);
      assert.equal((await server.call('workspaces.set_member_role', { workspace: A.id, user: adaId, role: 'member' }, { token: A.admin })).status, 403);
      assert.equal((await server.call('workspaces.set_member_role', { workspace: A.id, user: A.memberId, role: 'owner' }, { token: A.admin })).status, 403);
      assert.equal((await server.call('workspaces.set_member_role', { workspace: A.id, user: A.memberId, role: 'admin' }, { token: A.admin })).status, 200, 'but may make admins');
      await server.call('workspaces.set_member_role', { workspace: A.id, user: A.memberId, role: 'member' }, { token: A.admin });
    });
  });
}
