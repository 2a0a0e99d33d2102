import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config.ts';
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
      assert.equal(leaveLast.status, 403);
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
      assert.equal(impact.body.data.can.leave, true);
      assert.deepEqual(impact.body.data.credentials.map((c: { access_key: string; last_used_from: string }) => [c.access_key, c.last_used_from]), [[key.access_key, 'carol-laptop']]);
      const left = await server.call('workspaces.leave', { workspace: team }, { token: inTeam });
      assert.deepEqual(left.body.data, { left: 1, revoked_credentials: 1, session_ended: true });
      assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).status, 401);
      assert.equal((await server.call('users.get_current_user', {}, { token: keyToken })).status, 401);
      assert.equal((await server.call('users.get_current_user', {}, { token: inTeam })).status, 401);
      const back = await server.login('carol@example.com', 'carol-password-1');
      assert.notEqual(claims(back).identity.company, team, 'the next sign-in goes to a workspace she still has');
      const personalImpact = await server.call('workspaces.get_leave_impact', { workspace: claims(back).identity.company }, { token: back });
      assert.equal(personalImpact.body.data.can.leave, false);
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
      assert.equal(impact.body.data.can.leave, true);
      assert.equal((await server.call('workspaces.leave', { workspace: olivePersonal }, { token: quinn })).status, 200);
      const own = await server.call('workspaces.get_leave_impact', { workspace: olivePersonal }, { token: olive });
      assert.deepEqual([own.body.data.can.leave, own.body.data.why_not.leave], [false, 'This is your personal workspace: it cannot be left']);
    });

    test('get_user_companies says, by the server\'s own rules, where the caller can leave and invite, and why not', async () => {
      await server.createUser({ email: 'pia@example.com', password: 'pia-password-1', name: 'Pia' });
      const pia = await server.login('pia@example.com', 'pia-password-1');
      const piaTeam = (await server.call('workspaces.create', { name: 'Pia team' }, { token: pia })).body.data.id;
      const link = (await server.call('invites.create', { workspace: piaTeam }, { token: pia })).body.data.url.split('/invite/')[1];
      assert.equal((await server.call('invites.accept', { token: link }, { token: bob.token })).status, 200);
      const mine = (await server.call('organization.get_user_companies', {}, { token: pia })).body.data.companies;
      type Company = { id: string; can: Record<string, boolean>; why_not: Record<string, string | undefined> };
      const of = (list: Company[], id: string) => list.find((c) => c.id === id)!;
      const personal = mine.find((c: { personal: boolean }) => c.personal);
      assert.deepEqual([personal.can.leave, personal.why_not.leave, personal.can.invite], [false, 'This is your personal workspace: it cannot be left', true]);
      assert.deepEqual([of(mine, piaTeam).can.leave, of(mine, piaTeam).why_not.leave], [false, 'You are the last owner: make another member an owner first']);
      const bobs = (await server.call('organization.get_user_companies', {}, { token: bob.token })).body.data.companies;
      assert.deepEqual([of(bobs, piaTeam).can.leave, of(bobs, piaTeam).why_not.leave, of(bobs, piaTeam).can.invite], [true, undefined, false]);
      await server.call('workspaces.update', { workspace: piaTeam, who_can_invite: 'members' }, { token: pia });
      const bobsNow = (await server.call('organization.get_user_companies', {}, { token: bob.token })).body.data.companies;
      assert.equal(of(bobsNow, piaTeam).can.invite, true, 'a member may invite once the workspace lets every member');
      // what get_user_companies said is what workspaces.leave does
      assert.equal((await server.call('workspaces.leave', { workspace: piaTeam }, { token: pia })).status, 403);
      assert.equal((await server.call('workspaces.leave', { workspace: piaTeam }, { token: bob.token })).status, 200);
    });

    test('get_members gives owners and admins each member\'s role choices, refused ones with set_member_role\'s reason', async () => {
      await server.createUser({ email: 'rita@example.com', password: 'rita-password-1', name: 'Rita' });
      const rita = await server.login('rita@example.com', 'rita-password-1');
      const ritaTeam = (await server.call('workspaces.create', { name: 'Rita team' }, { token: rita })).body.data.id;
      const link = (await server.call('invites.create', { workspace: ritaTeam, role: 'admin' }, { token: rita })).body.data.url.split('/invite/')[1];
      assert.equal((await server.call('invites.accept', { token: link }, { token: bob.token })).status, 200);
      const ritaId = claims(rita).identity.user;
      type Choice = { role: string; refusal?: string };
      const choices = async (token: string): Promise<Record<'rita' | 'bob', Choice[]>> => {
        const { body } = await server.call('workspaces.get_members', { workspace: ritaTeam }, { token });
        return Object.fromEntries(body.data.members.map((m: { id: string; role_choices?: unknown }) => [m.id === ritaId ? 'rita' : 'bob', m.role_choices])) as Record<'rita' | 'bob', Choice[]>;
      };
      const byOwner = await choices(rita);
      assert.deepEqual(byOwner.rita, [
        { role: 'owner' },
        { role: 'admin', refusal: 'The last owner cannot be demoted: make another member an owner first' },
        { role: 'member', refusal: 'The last owner cannot be demoted: make another member an owner first' },
      ]);
      assert.deepEqual(byOwner.bob, [{ role: 'owner' }, { role: 'admin' }, { role: 'member' }]);
      const byAdmin = await choices(bob.token);
      assert.deepEqual(byAdmin.bob, [{ role: 'owner', refusal: 'Only an owner can grant or take away ownership' }, { role: 'admin' }, { role: 'member' }]);
      // each refusal is what the server answers when the change is tried anyway
      const demote = await server.call('workspaces.set_member_role', { workspace: ritaTeam, user: ritaId, role: 'admin' }, { token: rita });
      assert.deepEqual([demote.status, demote.body.meta.result_msg], [403, byOwner.rita[1]!.refusal]);
      const promote = await server.call('workspaces.set_member_role', { workspace: ritaTeam, user: bob.id, role: 'owner' }, { token: bob.token });
      assert.deepEqual([promote.status, promote.body.meta.result_msg], [403, byAdmin.bob[0]!.refusal]);
      await server.call('workspaces.set_member_role', { workspace: ritaTeam, user: bob.id, role: 'member' }, { token: rita });
      const byMember = await choices(bob.token);
      assert.deepEqual([byMember.rita, byMember.bob], [undefined, undefined], 'a member changes no roles, so gets no choices');
      // what each member row says may be done to it, with the refusal the server would answer
      const abilities = async (token: string) => {
        const { body } = await server.call('workspaces.get_members', { workspace: ritaTeam }, { token });
        return Object.fromEntries(body.data.members.map((m: { id: string; can: unknown; why_not: unknown }) => [m.id === ritaId ? 'rita' : 'bob', { can: m.can, why_not: m.why_not }]));
      };
      assert.deepEqual(await abilities(rita), {
        rita: {
          can: { change_role: false, remove: false },
          why_not: { change_role: 'The last owner cannot be demoted: make another member an owner first', remove: 'To remove yourself, leave the workspace' },
        },
        bob: { can: { change_role: true, remove: true }, why_not: {} },
      });
      assert.deepEqual((await abilities(bob.token)).rita, {
        can: { change_role: false, remove: false },
        why_not: { change_role: 'Only workspace owners and admins can change roles', remove: 'Only workspace owners and admins can remove members' },
      });
    });

    test('a member limit of 0, below 0, not whole, or not a number is refused with 400 and changes nothing', async () => {
      await server.call('workspaces.update', { workspace: team, max_members: 5 }, { token: owner });
      for (const bad of [0, -1, 2.5, '3', true]) {
        const { status, body } = await server.call('workspaces.update', { workspace: team, max_members: bad }, { token: owner });
        assert.equal(status, 400, `max_members ${JSON.stringify(bad)}`);
        assert.equal(body.meta.error_data.field, 'max_members');
      }
      const zero = await server.call('workspaces.update', { workspace: team, max_members: 0 }, { token: owner });
      assert.match(zero.body.meta.result_msg, /max_members.*at least 1/);
      const below = await server.call('workspaces.update', { workspace: team, max_members: 1 }, { token: owner });
      assert.deepEqual([below.status, below.body.meta.error_data.field], [400, 'max_members'], 'below the member count names the field too');
      assert.match(below.body.meta.result_msg, /already has \d+ members/);
      const entry = (await server.call('organization.get_user_companies', {}, { token: owner })).body.data.companies.find((c: { id: string }) => c.id === team);
      assert.equal(entry.max_members, 5, 'the limit stayed as it was');
      await server.call('workspaces.update', { workspace: team, max_members: null }, { token: owner });
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

  describe(`workspaces in single mode (${dialect})`, () => {
    test('the one workspace is named by FOYER_WORKSPACE_NAME, else "Main workspace"', async () => {
      const plain = await startWithAdmin(dialect);
      try {
        const { body } = await plain.server.call('organization.get_user_companies', {}, { token: plain.adminToken });
        assert.deepEqual(body.data.companies.map((c: { name: string }) => c.name), ['Main workspace']);
      } finally {
        await plain.server.close();
      }
      const named = await startWithAdmin(dialect, { FOYER_WORKSPACE_NAME: '  Acme research  ' });
      try {
        const { body } = await named.server.call('organization.get_user_companies', {}, { token: named.adminToken });
        assert.deepEqual(body.data.companies.map((c: { name: string }) => c.name), ['Acme research'], 'trimmed');
        assert.equal(claims(named.adminToken).identity.company_name, 'Acme research');
      } finally {
        await named.server.close();
      }
    });

    test('FOYER_WORKSPACE_NAME is held to the rule of workspace names', () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'foyer-name-'));
      try {
        const load = (name: string) => loadConfig({ FOYER_DATA_DIR: dataDir, FOYER_WORKSPACE_NAME: name }).workspaceName;
        assert.throws(() => load('   '), (error: Error) => error instanceof ConfigError && /FOYER_WORKSPACE_NAME must not be empty/.test(error.message));
        assert.throws(() => load('x'.repeat(101)), (error: Error) => error instanceof ConfigError && /at most 100 characters/.test(error.message));
        assert.equal(load('x'.repeat(100)), 'x'.repeat(100));
        assert.equal(load(''), 'Main workspace', 'empty, as unset, is the default');
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    test('owners rename the workspace with the rules of creating one; members cannot', async () => {
      const { server, adminToken } = await startWithAdmin(dialect);
      try {
        const workspace = claims(adminToken).identity.company;
        await server.createUser({ email: 'mia@example.com', password: 'mia-password-1', name: 'Mia' });
        const mia = await server.login('mia@example.com', 'mia-password-1');
        assert.equal((await server.call('workspaces.update', { workspace, name: 'Mine' }, { token: mia })).status, 403);
        for (const bad of ['', '   ', 'x'.repeat(101), 7]) {
          const refused = await server.call('workspaces.update', { workspace, name: bad }, { token: adminToken });
          assert.deepEqual([refused.status, refused.body.meta.error_data.field], [400, 'name'], `name ${JSON.stringify(bad)}`);
        }
        const renamed = await server.call('workspaces.update', { workspace, name: '  Vision lab ' }, { token: adminToken });
        assert.deepEqual(renamed.body.data, { updated: 1, fields: { name: 'Vision lab' } });
        const { body } = await server.call('organization.get_user_companies', {}, { token: mia });
        assert.equal(body.data.companies[0].name, 'Vision lab');
      } finally {
        await server.close();
      }
    });

    test('anyone but the last owner may leave; it ends their only membership, their keys and their session', async () => {
      const { server, adminToken } = await startWithAdmin(dialect);
      try {
        const workspace = claims(adminToken).identity.company;
        await server.createUser({ email: 'max@example.com', password: 'max-password-1', name: 'Max' });
        const max = await server.login('max@example.com', 'max-password-1');
        const key = await server.createKey(max, 'max laptop');
        const [adminEntry] = (await server.call('organization.get_user_companies', {}, { token: adminToken })).body.data.companies;
        assert.deepEqual([adminEntry.can.leave, adminEntry.why_not.leave], [false, 'You are the last owner: make another member an owner first']);
        const [maxEntry] = (await server.call('organization.get_user_companies', {}, { token: max })).body.data.companies;
        assert.deepEqual([maxEntry.can.leave, maxEntry.why_not.leave, maxEntry.can.invite], [true, undefined, false]);
        const impact = await server.call('workspaces.get_leave_impact', { workspace }, { token: max });
        assert.deepEqual([impact.body.data.can.leave, impact.body.data.credentials.length], [true, 1]);

        const lastOwner = await server.call('workspaces.leave', { workspace }, { token: adminToken });
        assert.deepEqual([lastOwner.status, lastOwner.body.meta.result_msg], [403, 'You are the last owner: make another member an owner first']);

        const left = await server.call('workspaces.leave', { workspace }, { token: max });
        assert.equal(left.status, 200, JSON.stringify(left.body.meta));
        assert.deepEqual(left.body.data, { left: 1, revoked_credentials: 1, session_ended: true });
        assert.match(left.headers.get('set-cookie') ?? '', /clearml_token_basic=;/, 'the session cookie is cleared');
        assert.equal((await server.call('users.get_current_user', {}, { token: max })).status, 401, 'the session ended');
        assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).status, 401, 'the key stopped working');
        const memberships = await server.foyer.services.db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspace).execute();
        assert.equal(memberships.length, 1, 'only the owner is left');
        const members = await server.call('workspaces.get_members', { workspace }, { token: adminToken });
        assert.deepEqual(members.body.data.members.map((m: { email: string }) => m.email), ['admin@example.com']);
      } finally {
        await server.close();
      }
    });
  });
}
