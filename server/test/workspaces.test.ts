import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startWithAdmin, type TestServer } from './support/server.ts';

const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

for (const dialect of dialects()) {
  describe(`workspaces in multi mode (${dialect})`, () => {
    let server: TestServer;
    let owner: string; // Ada, owner of "Team"
    let team: string;
    let bob: { id: string; token: string };
    before(async () => {
      ({ server, adminToken: owner } = await startWithAdmin(dialect, { FOYER_MODE: 'multi', FOYER_MAX_MEMBERS: '10' }));
      team = (await server.call('workspaces.create', { name: 'Team' }, { token: owner })).body.data.id;
      const invite = await server.call('invites.create', { workspace: team, max_uses: 5 }, { token: owner });
      const signUp = await server.call('auth.sign_up', { email: 'bob@example.com', password: 'bob-password-1', name: 'Bob', invite_token: invite.body.data.url.split('/invite/')[1] });
      assert.equal(signUp.status, 200, JSON.stringify(signUp.body.meta));
      bob = { id: signUp.body.data.user, token: await server.login('bob@example.com', 'bob-password-1') };
    });
    after(() => server.close());

    test('every user has a personal workspace; get_user_companies lists all with allocated, allowed and role', async () => {
      const { body } = await server.call('organization.get_user_companies', {}, { token: bob.token });
      const byName = Object.fromEntries(body.data.companies.map((c: { name: string }) => [c.name, c]));
      assert.deepEqual(Object.keys(byName).sort(), ["Bob's workspace", 'Team']);
      assert.equal(byName.Team.allocated, 2);
      assert.equal(byName.Team.allowed, 10, 'the server-wide cap applies');
      assert.equal(byName.Team.role, 'member');
      assert.equal(byName["Bob's workspace"].role, 'owner');
      assert.equal(byName.Team.current, true, 'signing up through an invitation lands in that workspace');
    });

    test('switching: auth.login with X-Clearml-Tenant and workspaces.switch reissue the token for that workspace', async () => {
      const companies = (await server.call('organization.get_user_companies', {}, { token: bob.token })).body.data.companies;
      const personal = companies.find((c: { personal: boolean }) => c.personal).id;
      const viaHeader = await server.call('auth.login', {}, { basic: ['bob@example.com', 'bob-password-1'], headers: { 'X-Clearml-Tenant': personal } });
      assert.equal(claims(viaHeader.body.data.token).identity.company, personal);
      const notMine = await server.call('auth.login', {}, { basic: ['bob@example.com', 'bob-password-1'], headers: { 'X-Clearml-Tenant': 'f'.repeat(32) } });
      assert.deepEqual([notMine.status, notMine.body.meta.result_subcode], [400, 92]);
      const switched = await server.call('workspaces.switch', { workspace: team }, { token: viaHeader.body.data.token });
      assert.equal(claims(switched.body.data.token).identity.company, team);
      assert.match(switched.headers.get('set-cookie') ?? '', /clearml_token_basic=ey/);
      assert.equal((await server.call('users.get_current_user', {}, { token: viaHeader.body.data.token })).status, 401, 'the old session ended');
      const next = await server.login('bob@example.com', 'bob-password-1');
      assert.equal(claims(next).identity.company, team, 'the active workspace is remembered for the next sign-in');
    });

    test('a key only ever signs into its own workspace', async () => {
      const key = await server.createKey(bob.token, 'team key');
      const login = await server.call('auth.login', undefined, { method: 'GET', basic: [key.access_key, key.secret_key] });
      assert.equal(claims(login.body.data.token).identity.company, team);
      const personal = (await server.call('organization.get_user_companies', {}, { token: bob.token })).body.data.companies.find((c: { personal: boolean }) => c.personal).id;
      const elsewhere = await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key], headers: { 'X-Clearml-Tenant': personal } });
      assert.deepEqual([elsewhere.status, elsewhere.body.meta.result_subcode], [400, 92]);
      const switchWithKey = await server.call('workspaces.switch', { workspace: personal }, { token: login.body.data.token });
      assert.equal(switchWithKey.status, 400);
    });

    test('members: names, emails, roles, joined, seats; search and pages', async () => {
      const { body } = await server.call('workspaces.get_members', { workspace: team }, { token: bob.token });
      assert.deepEqual(body.data.members.map((m: { email: string; role: string }) => [m.email, m.role]), [['admin@example.com', 'owner'], ['bob@example.com', 'member']]);
      assert.equal(body.data.allocated, 2);
      assert.equal(body.data.allowed, 10);
      assert.equal(body.data.full, false);
      assert.ok(body.data.members[0].joined);
      const search = await server.call('workspaces.get_members', { workspace: team, search: 'BOB' }, { token: owner });
      assert.deepEqual(search.body.data.members.map((m: { email: string }) => m.email), ['bob@example.com']);
      const page = await server.call('workspaces.get_members', { workspace: team, page: 1, page_size: 1 }, { token: owner });
      assert.deepEqual([page.body.data.total, page.body.data.members.length, page.body.data.members[0].email], [2, 1, 'bob@example.com']);
    });

    test('roles: a member cannot change roles; the last owner can neither be demoted nor leave; ownership transfers', async () => {
      const adaId = (await server.call('users.get_current_user', {}, { token: owner })).body.data.user.id;
      const byMember = await server.call('workspaces.set_member_role', { workspace: team, user: bob.id, role: 'admin' }, { token: bob.token });
      assert.equal(byMember.status, 403);
      const demoteLast = await server.call('workspaces.set_member_role', { workspace: team, user: adaId, role: 'admin' }, { token: owner });
      assert.equal(demoteLast.status, 403);
      assert.match(demoteLast.body.meta.result_msg, /last owner/);
      const leaveLast = await server.call('workspaces.leave', { workspace: team }, { token: owner });
      assert.equal(leaveLast.status, 400);
      assert.match(leaveLast.body.meta.result_msg, /last owner/);
      // transfer: make Bob an owner, then step down
      assert.equal((await server.call('workspaces.set_member_role', { workspace: team, user: bob.id, role: 'owner' }, { token: owner })).status, 200);
      assert.equal((await server.call('workspaces.set_member_role', { workspace: team, user: adaId, role: 'admin' }, { token: owner })).status, 200);
      const roles = (await server.call('workspaces.get_members', { workspace: team }, { token: owner })).body.data.members.map((m: { role: string }) => m.role);
      assert.deepEqual(roles, ['admin', 'owner']);
      // an admin cannot take ownership back, the new owner can give it
      assert.equal((await server.call('workspaces.set_member_role', { workspace: team, user: adaId, role: 'owner' }, { token: owner })).status, 403);
      assert.equal((await server.call('workspaces.set_member_role', { workspace: team, user: adaId, role: 'owner' }, { token: bob.token })).status, 200);
      assert.equal((await server.call('workspaces.set_member_role', { workspace: team, user: bob.id, role: 'member' }, { token: owner })).status, 200);
    });

    test('workspaces.update: name, who can invite, and a member limit within the server cap and not below the member count', async () => {
      assert.equal((await server.call('workspaces.update', { workspace: team, name: 'Hacked' }, { token: bob.token })).status, 403);
      assert.equal((await server.call('workspaces.update', { workspace: team, max_members: 11 }, { token: owner })).status, 400, 'above FOYER_MAX_MEMBERS');
      assert.equal((await server.call('workspaces.update', { workspace: team, max_members: 1 }, { token: owner })).status, 400, 'below the current count');
      const ok = await server.call('workspaces.update', { workspace: team, name: 'Team A', who_can_invite: 'members' }, { token: owner });
      assert.equal(ok.body.data.updated, 1);
      const memberInvite = await server.call('invites.create', { workspace: team }, { token: bob.token });
      assert.equal(memberInvite.status, 200, 'members may invite when the workspace allows it');
      const asAdmin = await server.call('invites.create', { workspace: team, role: 'admin' }, { token: bob.token });
      assert.equal(asAdmin.status, 403, 'but never above their own role');
      await server.call('workspaces.update', { workspace: team, who_can_invite: 'admins' }, { token: owner });
      assert.equal((await server.call('invites.create', { workspace: team }, { token: bob.token })).status, 403);
    });

    test('the member limit: full state, inviting refused with the reason', async () => {
      await server.call('workspaces.update', { workspace: team, max_members: 2 }, { token: owner });
      const members = await server.call('workspaces.get_members', { workspace: team }, { token: owner });
      assert.deepEqual([members.body.data.allocated, members.body.data.allowed, members.body.data.seats_left, members.body.data.full], [2, 2, 0, true]);
      const invite = await server.call('invites.create', { workspace: team }, { token: owner });
      assert.deepEqual([invite.status, invite.body.meta.error_data.reason], [400, 'no_seats']);
      assert.match(invite.body.meta.result_msg, /maximum of 2 members/);
      await server.call('workspaces.update', { workspace: team, max_members: null }, { token: owner });
    });

    test('leaving shows its impact first, then revokes the keys and sessions there at once', async () => {
      await server.createUser({ email: 'carol@example.com', password: 'carol-password-1', name: 'Carol' });
      const carol = await server.login('carol@example.com', 'carol-password-1');
      const link = (await server.call('invites.create', { workspace: team }, { token: owner })).body.data.url.split('/invite/')[1];
      assert.equal((await server.call('invites.accept', { token: link }, { token: carol })).status, 200);
      const inTeam = (await server.call('workspaces.switch', { workspace: team }, { token: carol })).body.data.token;
      const key = await server.createKey(inTeam, 'carol in team');
      const keyToken = (await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key], headers: { 'X-ClearML-Worker': 'carol-laptop' } })).body.data.token;
      const impact = await server.call('workspaces.get_leave_impact', { workspace: team }, { token: inTeam });
      assert.equal(impact.body.data.can_leave, true);
      assert.deepEqual(impact.body.data.credentials.map((c: { access_key: string; last_used_from: string }) => [c.access_key, c.last_used_from]), [[key.access_key, 'carol-laptop']]);
      const left = await server.call('workspaces.leave', { workspace: team }, { token: inTeam });
      assert.deepEqual(left.body.data, { left: 1, revoked_credentials: 1 });
      assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).status, 401);
      assert.equal((await server.call('users.get_current_user', {}, { token: keyToken })).status, 401);
      assert.equal((await server.call('users.get_current_user', {}, { token: inTeam })).status, 401);
      const back = await server.login('carol@example.com', 'carol-password-1');
      assert.notEqual(claims(back).identity.company, team, 'the next sign-in goes to a workspace she still has');
      const personalImpact = await server.call('workspaces.get_leave_impact', { workspace: claims(back).identity.company }, { token: back });
      assert.equal(personalImpact.body.data.can_leave, false);
    });

    test("a member may leave someone else's personal workspace; its owner may not; settings read back", async () => {
      await server.createUser({ email: 'olive@example.com', password: 'olive-password-1', name: 'Olive' });
      const olive = await server.login('olive@example.com', 'olive-password-1');
      const olivePersonal = claims(olive).identity.company;
      const link = (await server.call('invites.create', { workspace: olivePersonal }, { token: olive })).body.data.url.split('/invite/')[1];
      await server.createUser({ email: 'quinn@example.com', password: 'quinn-password-1', name: 'Quinn' });
      const quinn = await server.login('quinn@example.com', 'quinn-password-1');
      assert.equal((await server.call('invites.accept', { token: link }, { token: quinn })).status, 200);
      const companies = (await server.call('organization.get_user_companies', {}, { token: quinn })).body.data.companies;
      const entry = companies.find((c: { id: string }) => c.id === olivePersonal);
      assert.deepEqual([entry.personal, entry.max_members, entry.who_can_invite], [false, null, 'admins'], "Olive's workspace is not Quinn's personal one");
      const impact = await server.call('workspaces.get_leave_impact', { workspace: olivePersonal }, { token: quinn });
      assert.equal(impact.body.data.can_leave, true);
      assert.equal((await server.call('workspaces.leave', { workspace: olivePersonal }, { token: quinn })).status, 200);
      const own = await server.call('workspaces.get_leave_impact', { workspace: olivePersonal }, { token: olive });
      assert.deepEqual([own.body.data.can_leave, own.body.data.reason], [false, 'Your personal workspace cannot be left']);
    });

    test('removing a member: admins only, never an owner by an admin, and it revokes their keys', async () => {
      await server.createUser({ email: 'dave@example.com', password: 'dave-password-1', name: 'Dave' });
      const dave = await server.login('dave@example.com', 'dave-password-1');
      const link = (await server.call('invites.create', { workspace: team }, { token: owner })).body.data.url.split('/invite/')[1];
      await server.call('invites.accept', { token: link }, { token: dave });
      const daveTeam = (await server.call('workspaces.switch', { workspace: team }, { token: dave })).body.data.token;
      const key = await server.createKey(daveTeam);
      const daveId = (await server.call('users.get_current_user', {}, { token: daveTeam })).body.data.user.id;
      assert.equal((await server.call('workspaces.remove_member', { workspace: team, user: daveId }, { token: bob.token })).status, 403);
      const removed = await server.call('workspaces.remove_member', { workspace: team, user: daveId }, { token: owner });
      assert.deepEqual(removed.body.data, { removed: 1, revoked_credentials: 1 });
      assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).status, 401);
      assert.equal((await server.call('users.get_current_user', {}, { token: daveTeam })).status, 401);
    });

    test('workspaces.create is refused on a single-workspace server', async () => {
      const single = await startWithAdmin(dialect);
      try {
        const { status, body } = await single.server.call('workspaces.create', { name: 'X' }, { token: single.adminToken });
        assert.equal(status, 400);
        assert.match(body.meta.result_msg, /one workspace/);
      } finally {
        await single.server.close();
      }
    });
  });
}
