// The last-owner rules and the member limit hold however many changes of one workspace arrive at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startWithAdmin, type TestServer } from './support/server.ts';

const tokenOf = (url: string) => url.split('/invite/')[1]!;

for (const dialect of dialects()) {
  describe(`workspace roles under concurrency (${dialect})`, () => {
    let server: TestServer;
    let ada: string;
    before(async () => {
      ({ server, adminToken: ada } = await startWithAdmin(dialect, { FOYER_MODE: 'multi' }));
    });
    after(() => server.close());

    /** A new workspace owned by Ada with `others` more owners, each signed in. */
    async function workspaceWithOwners(name: string, others: number) {
      const workspace = (await server.call('workspaces.create', { name }, { token: ada })).body.data.id as string;
      const owners: Array<{ id: string; token: string }> = [];
      for (let i = 0; i < others; i++) {
        const email = `${name.toLowerCase()}-${i}@example.com`;
        const link = await server.call('invites.create', { workspace, role: 'admin' }, { token: ada });
        const signUp = await server.call('auth.sign_up', { email, password: 'owner-password-1', name: `Owner ${i}`, invite_token: tokenOf(link.body.data.url) });
        assert.equal(signUp.status, 200, JSON.stringify(signUp.body.meta));
        const promoted = await server.call('workspaces.set_member_role', { workspace, user: signUp.body.data.user, role: 'owner' }, { token: ada });
        assert.equal(promoted.status, 200);
        owners.push({ id: signUp.body.data.user, token: await server.login(email, 'owner-password-1') });
      }
      return { workspace, owners };
    }

    async function ownersOf(workspace: string): Promise<number> {
      const members = await server.call('workspaces.get_members', { workspace, page_size: 500 }, { token: ada });
      return members.body.data.members.filter((m: { role: string }) => m.role === 'owner').length;
    }

    test('two owners demoting each other at once: one is refused, an owner is left', async () => {
      const adaId = (await server.call('users.get_current_user', {}, { token: ada })).body.data.user.id;
      for (let round = 0; round < 5; round++) {
        const { workspace, owners } = await workspaceWithOwners(`Duel${round}`, 1);
        const [first, second] = await Promise.all([
          server.call('workspaces.set_member_role', { workspace, user: owners[0]!.id, role: 'member' }, { token: ada }),
          server.call('workspaces.set_member_role', { workspace, user: adaId, role: 'member' }, { token: owners[0]!.token }),
        ]);
        assert.deepEqual([first.status, second.status].sort(), [200, 403], `round ${round}: exactly one demotion`);
        assert.equal(await ownersOf(workspace), 1);
      }
    });

    test('every owner leaving at once: the last one is refused', async () => {
      const { workspace, owners } = await workspaceWithOwners('Exodus', 5);
      const results = await Promise.all([ada, ...owners.map((o) => o.token)].map((token) => server.call('workspaces.leave', { workspace }, { token })));
      assert.equal(results.filter((r) => r.status === 200).length, 5, 'all but one left');
      assert.equal(results.filter((r) => r.status !== 200).length, 1);
      const remaining = results.findIndex((r) => r.status !== 200);
      const stayer = remaining === 0 ? ada : owners[remaining - 1]!.token;
      const members = await server.call('workspaces.get_members', { workspace }, { token: stayer });
      assert.equal(members.body.data.total, 1);
      assert.equal(members.body.data.members[0].role, 'owner');
    });

    test('an owner removing every other owner while they demote the owner: an owner is always left', async () => {
      const { workspace, owners } = await workspaceWithOwners('Coup', 3);
      const adaId = (await server.call('users.get_current_user', {}, { token: ada })).body.data.user.id;
      await Promise.all([
        ...owners.map((o) => server.call('workspaces.remove_member', { workspace, user: o.id }, { token: ada })),
        ...owners.map((o) => server.call('workspaces.set_member_role', { workspace, user: adaId, role: 'member' }, { token: o.token })),
      ]);
      assert.ok((await ownersOf(workspace)) >= 1);
    });

    test('a member limit lowered while people join: the workspace never holds more than its limit', async () => {
      const workspace = (await server.call('workspaces.create', { name: 'Crowd' }, { token: ada })).body.data.id as string;
      const link = await server.call('invites.create', { workspace, max_uses: 50 }, { token: ada });
      const people = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const email = `crowd-${i}@example.com`;
          await server.createUser({ email, password: 'crowd-password-1' });
          return server.login(email, 'crowd-password-1');
        }),
      );
      const [lowered, ...joins] = await Promise.all([
        server.call('workspaces.update', { workspace, max_members: 6 }, { token: ada }),
        ...people.map((token) => server.call('invites.accept', { token: tokenOf(link.body.data.url) }, { token })),
      ]);
      const members = await server.call('workspaces.get_members', { workspace }, { token: ada });
      const joined = joins.filter((r) => r.status === 200).length;
      assert.equal(members.body.data.total, 1 + joined);
      if (lowered!.status === 200) {
        // the limit took effect when the workspace had at most 6 members, and bounded every join after it
        assert.ok(members.body.data.total <= 6, `${members.body.data.total} members under a limit of 6`);
        for (const refused of joins.filter((r) => r.status !== 200)) assert.equal(refused.body.meta.error_data.reason, 'no_seats');
      } else {
        // more than 6 had joined already: the limit was refused, and with no limit everyone got in
        assert.match(lowered!.body.meta.result_msg, /already has \d+ members/);
        assert.equal(joined, 12);
      }
    });
  });
}
