// A workspace that requires two-factor sign-in: only owners who have it on may require it; a member without it then
// keeps only their own account (they can turn it on, switch, leave, see their sessions and log) and their key pairs
// are refused with the reason, on the very next call, cached sign-ins included; turning it on lets them back in at
// once. Owners and admins see who has it in the members table.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { SUBCODES, type TwoFactorEnrolment } from '@foyer/contract';
import { dialects, startServer, type CallResult, type TestServer } from './support/server.ts';

const PASSWORD = 'required-two-factor-1';
const STEP_MS = 30_000;

for (const dialect of dialects()) {
  describe(`a workspace that requires two-factor sign-in (${dialect})`, () => {
    let server: TestServer;
    let clock = Date.UTC(2026, 11, 4, 12, 0, 0);
    let workspace: string;
    /** the owner's session, once the first test has made the owner and turned two-factor on */
    let ownerToken: string;

    before(async () => {
      server = await startServer(dialect, { FOYER_LOGIN_FREE_FAILURES_PER_IP: '100000' });
      server.foyer.services.now = () => clock;
    });
    after(() => server.close());

    const nextStep = () => (clock += STEP_MS);
    const codeFor = (secret: string) => generate({ secret, epoch: Math.floor(clock / 1000) });

    async function person(name: string, role: 'admin' | 'user' = 'user') {
      const email = `${name.toLowerCase()}@example.com`;
      const created = await server.createUser({ email, password: PASSWORD, name, role });
      workspace = created.workspaceId;
      return { email, userId: created.userId, token: await server.login(email, PASSWORD) };
    }

    async function turnOnTwoFactor(token: string): Promise<string> {
      const begun = (await server.call('users.begin_two_factor', { password: PASSWORD }, { token })).body.data as TwoFactorEnrolment;
      const enabled = await server.call('users.enable_two_factor', { code: await codeFor(begun.secret) }, { token });
      assert.equal(enabled.status, 200, enabled.body.meta.result_msg);
      nextStep();
      return begun.secret;
    }

    const requireTwoFactor = (token: string, on: boolean) => server.call('workspaces.update', { workspace, require_two_factor: on }, { token });

    function assertShutOut(result: CallResult, what: string, reason: RegExp) {
      assert.equal(result.status, 403, `${what}: ${result.status} ${result.body.meta.result_msg}`);
      assert.equal(result.body.meta.result_subcode, SUBCODES.twoFactorRequiredByWorkspace, what);
      assert.equal(result.body.meta.error_data.action, 'workspace.use');
      assert.equal(result.body.meta.error_data.workspace, workspace);
      assert.match(result.body.meta.result_msg, reason, what);
    }

    test('only an owner who signs in with two-factor may require it; a member without it keeps only their account, and their key pair is refused, until they turn it on', async () => {
      const owner = await person('Olga', 'admin');
      const admin = await person('Adam', 'admin');
      const member = await person('Mona');
      const key = await server.createKey(member.token, 'laptop');
      const keyToken = (await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).body.data.token as string;
      // each sign-in has been seen (and remembered by this node) before the requirement
      for (const token of [member.token, keyToken]) assert.equal((await server.call('auth.get_credentials', {}, { token })).status, 200);

      const companies = async (token: string) => (await server.call('organization.get_user_companies', {}, { token })).body.data.companies[0];
      const ownerBefore = await companies(owner.token);
      assert.equal(ownerBefore.requires_two_factor, false);
      assert.equal(ownerBefore.can.require_two_factor, false);
      assert.match(ownerBefore.why_not.require_two_factor, /Turn on two-factor sign-in for yourself first/);
      const refusedToOwner = await requireTwoFactor(owner.token, true);
      assert.deepEqual([refusedToOwner.status, refusedToOwner.body.meta.result_subcode, refusedToOwner.body.meta.error_data.action], [403, 20, 'workspace.require_two_factor']);

      await turnOnTwoFactor(owner.token);
      ownerToken = owner.token;
      const adminSecret = await turnOnTwoFactor(admin.token);
      const refusedToAdmin = await requireTwoFactor(admin.token, true);
      assert.equal(refusedToAdmin.status, 403);
      assert.match(refusedToAdmin.body.meta.result_msg, /Only workspace owners can require two-factor sign-in/);
      assert.equal((await companies(admin.token)).can.require_two_factor, false);
      assert.equal((await companies(owner.token)).can.require_two_factor, true);

      const required = await requireTwoFactor(owner.token, true);
      assert.equal(required.status, 200, required.body.meta.result_msg);
      assert.deepEqual(required.body.data, { updated: 1, fields: { require_two_factor: true } });
      assert.equal((await requireTwoFactor(owner.token, true)).body.data.updated, 1, 'setting the same value again is accepted');
      assert.equal((await companies(owner.token)).requires_two_factor, true);
      const log = (await server.call('workspaces.get_audit_log', { workspace, kinds: ['workspace.settings_changed'] }, { token: owner.token })).body.data.events;
      assert.equal(log.length, 1, 'the repeat changed nothing and is not logged');
      assert.deepEqual(log[0].details, { require_two_factor: true });

      // the member's session: their account only
      const me = (await server.call('users.get_current_user', {}, { token: member.token })).body.data.user;
      assert.deepEqual([me.company.requires_two_factor, me.two_factor_enabled], [true, false]);
      for (const [name, body] of [
        ['auth.get_credentials', {}],
        ['auth.create_credentials', {}],
        ['storage_access.get_all', {}],
        ['workspaces.get_members', { workspace }],
        ['queues.get_all', {}],
      ] as const) {
        assertShutOut(await server.call(name, body, { token: member.token }), name, /requires two-factor sign-in: turn it on on your Profile page/);
      }
      for (const name of ['organization.get_user_companies', 'users.get_sessions', 'users.get_security_log', 'users.get_two_factor', 'users.get_preferences']) {
        assert.equal((await server.call(name, {}, { token: member.token })).status, 200, `${name} stays open`);
      }
      // a new password sign-in still opens a session, in which the same holds
      const fresh = await server.call('auth.login', {}, { basic: [member.email, PASSWORD] });
      assert.equal(fresh.status, 200);
      assertShutOut(await server.call('auth.get_credentials', {}, { token: fresh.body.data.token }), 'a new session', /Profile page/);

      // the key pair, and the token it opened before: refused outright, with what to do
      const keyReason = /the owner of this key pair has not turned it on: sign in to the web app/;
      assertShutOut(await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] }), 'key login', keyReason);
      assertShutOut(await server.call('users.get_current_user', {}, { token: keyToken }), 'key session', keyReason);
      assertShutOut(await server.call('queues.get_all', {}, { basic: [key.access_key, key.secret_key] }), 'key call', keyReason);

      // owners and admins see who has it
      const members = (await server.call('workspaces.get_members', { workspace }, { token: owner.token })).body.data;
      assert.deepEqual(
        Object.fromEntries(members.members.map((m: { email: string; two_factor: boolean }) => [m.email, m.two_factor])),
        { [owner.email]: true, [admin.email]: true, [member.email]: false },
      );
      assert.equal(members.without_two_factor, 1);

      // turning it on lets the member and their key pair back in on the very next call
      const secret = await turnOnTwoFactor(member.token);
      assert.equal((await server.call('auth.get_credentials', {}, { token: member.token })).status, 200);
      assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).status, 200, 'a key pair needs no code');
      assert.equal((await server.call('queues.get_all', {}, { token: keyToken })).status, 200);
      assert.equal((await server.call('workspaces.get_members', { workspace }, { token: owner.token })).body.data.without_two_factor, 0);

      // turning it off again shuts them out again at once
      const off = await server.call('users.disable_two_factor', { password: PASSWORD, code: await codeFor(secret) }, { token: member.token });
      assert.equal(off.status, 200, off.body.meta.result_msg);
      assertShutOut(await server.call('auth.get_credentials', {}, { token: member.token }), 'after turning it off', /Profile page/);

      // an admin who turns it off keeps no ability there but leaving, in what the server answers the web app too
      assert.equal((await companies(admin.token)).can.invite, true);
      assert.equal((await server.call('users.disable_two_factor', { password: PASSWORD, code: await codeFor(adminSecret) }, { token: admin.token })).status, 200);
      const adminShutOut = await companies(admin.token);
      assert.deepEqual(
        [adminShutOut.can.invite, adminShutOut.can.update, adminShutOut.can.remove_members, adminShutOut.can.read_audit_log, adminShutOut.can.leave],
        [false, false, false, false, true],
      );
      assertShutOut(await server.call('invites.create', { workspace }, { token: admin.token }), 'an admin without it', /Profile page/);

      // the owner lifts the requirement: everyone back
      assert.equal((await requireTwoFactor(owner.token, false)).status, 200);
      assert.equal((await server.call('auth.get_credentials', {}, { token: member.token })).status, 200);
      assert.equal((await server.call('queues.get_all', {}, { basic: [key.access_key, key.secret_key] })).status, 200);
    });

    test('a plain member sees nobody’s two-factor in the members table, and a requirement that is not a boolean is refused and changes nothing', async () => {
      const member = await person('Nils');
      const page = (await server.call('workspaces.get_members', { workspace }, { token: member.token })).body.data;
      assert.equal(page.without_two_factor, undefined);
      assert.ok(page.members.every((m: { two_factor?: boolean }) => m.two_factor === undefined));
      const owner = await server.login('olga@example.com', PASSWORD).catch(() => undefined);
      assert.equal(owner, undefined, 'the owner signs in with a code now');
      for (const value of ['yes', 1, null]) {
        const bad = await server.call('workspaces.update', { workspace, require_two_factor: value }, { token: member.token });
        assert.deepEqual([bad.status, bad.body.meta.result_subcode, bad.body.meta.error_data?.field], [400, 12, 'require_two_factor'], String(value));
      }
      assert.equal((await server.call('organization.get_user_companies', {}, { token: member.token })).body.data.companies[0].requires_two_factor, false);
    });
    test('races: four owners’ saves at once turn the requirement on once (one log entry), and four at once turn it off once', async () => {
      const settingsLog = async () =>
        (await server.call('workspaces.get_audit_log', { workspace, kinds: ['workspace.settings_changed'] }, { token: ownerToken })).body.data.events.filter(
          (event: { details: Record<string, unknown> }) => 'require_two_factor' in event.details,
        );
      const before = (await settingsLog()).length;
      for (const on of [true, false]) {
        const saves = await Promise.all(Array.from({ length: 4 }, () => requireTwoFactor(ownerToken, on)));
        assert.ok(saves.every((save) => save.status === 200), saves.map((save) => save.body.meta.result_msg).join(' | '));
      }
      const logged = (await settingsLog()).slice(0, (await settingsLog()).length - before);
      assert.deepEqual(logged.map((event: { details: Record<string, unknown> }) => event.details.require_two_factor), [false, true], 'newest first: one change each way');
    });
  });
}
