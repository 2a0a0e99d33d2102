// A person's sessions: listed with their client, address and times; ended one by one, all but this one, or with a
// password change when asked; never seen or ended by a key pair, nor by anyone else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ListedSession as Listed } from '@foyer/contract';
import { dialects, startServer, type TestServer } from './support/server.ts';

const PASSWORD = 'sessions-password-1';
const CHROME_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_ON_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
// what the real clients send with every request (../shared/acceptance/clearml-sdk/observed-requests.md)
const SDK_HEADERS = { 'x-clearml-client': 'clearml-1.17.0', 'x-trains-client': 'clearml-1.17.0', 'x-clearml-worker': 'gpu-03', 'user-agent': 'python-requests/2.31.0' };
const AGENT_HEADERS = { 'x-clearml-agent': 'api-1.9.2', 'x-trains-agent': 'api-1.9.2', 'x-clearml-worker': 'gpu-04:0', 'user-agent': 'python-requests/2.31.0' };

for (const dialect of dialects()) {
  describe(`sessions (${dialect})`, () => {
    let server: TestServer;

    before(async () => {
      server = await startServer(dialect, { FOYER_MODE: 'multi', FOYER_LOGIN_FREE_FAILURES: '1000', FOYER_LOGIN_FREE_FAILURES_PER_IP: '100000' });
    });
    after(() => server.close());

    let people = 0;
    async function person() {
      const email = `person-${++people}@example.com`;
      const { userId, workspaceId } = await server.createUser({ email, password: PASSWORD });
      const signIn = async (headers: Record<string, string> = {}) => {
        const result = await server.call('auth.login', {}, { basic: [email, PASSWORD], headers });
        assert.equal(result.status, 200, result.body.meta.result_msg);
        return result.body.data.token as string;
      };
      return { email, userId, workspaceId, signIn };
    }

    async function sessionsOf(token: string): Promise<{ sessions: Listed[]; total: number }> {
      const result = await server.call('users.get_sessions', {}, { token });
      assert.equal(result.status, 200, result.body.meta.result_msg);
      return result.body.data;
    }

    test('each session is listed with its client, address and times; this one first and marked', async () => {
      const ana = await person();
      const laptop = await ana.signIn({ 'user-agent': CHROME_ON_LINUX });
      const phone = await ana.signIn({ 'user-agent': SAFARI_ON_IPHONE });
      const key = await server.createKey(laptop, 'training box');
      const sdk = await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key], headers: SDK_HEADERS });
      const agent = await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key], headers: AGENT_HEADERS });
      assert.deepEqual([sdk.status, agent.status], [200, 200]);

      const { sessions, total } = await sessionsOf(phone);
      assert.equal(total, 4);
      assert.equal(sessions.length, 4);
      assert.equal(sessions[0]!.current, true, 'this session comes first');
      assert.deepEqual(sessions.map((s) => s.current), [true, false, false, false]);
      assert.deepEqual(sessions[0]!.client, { kind: 'browser', name: 'Safari', version: '17', os: 'iOS' });
      const byKind = Object.fromEntries(sessions.map((s) => [s.client.kind, s]));
      assert.deepEqual(byKind.browser && sessions.find((s) => s.client.name === 'Chrome')!.client, { kind: 'browser', name: 'Chrome', version: '131', os: 'Linux' });
      assert.deepEqual(byKind.sdk!.client, { kind: 'sdk', name: 'ClearML SDK', version: '1.17.0', host: 'gpu-03' });
      assert.deepEqual(byKind.agent!.client, { kind: 'agent', name: 'ClearML agent', version: '1.9.2', host: 'gpu-04:0' });
      assert.deepEqual(byKind.sdk!.key, { access_key: key.access_key, label: 'training box' });
      assert.equal(sessions[0]!.key, undefined, 'a password session names no key');
      for (const session of sessions) {
        assert.equal(session.ip, '127.0.0.1');
        assert.deepEqual(session.workspace, { id: ana.workspaceId, name: session.workspace.name });
        assert.ok(Date.parse(session.created) <= Date.parse(session.last_seen));
        assert.ok(Date.parse(session.expires) > Date.now());
        assert.match(session.id, /^[0-9a-f]{12}[0-9a-f]{64}$/, 'the handle is the stored key, never the session id a token carries');
      }
      const tokenSessionId = JSON.parse(Buffer.from(phone.split('.')[1]!, 'base64url').toString()).session_id as string;
      assert.doesNotMatch(JSON.stringify(sessions), new RegExp(tokenSessionId.slice(12)), 'no token session id in the list');
    });

    test("a session's last use is recorded (to the minute) and shown", async () => {
      const ben = await person();
      const first = await ben.signIn();
      const second = await ben.signIn();
      const before = (await sessionsOf(second)).sessions.find((s) => !s.current)!;
      assert.equal(before.last_seen, before.created, 'not used since it was opened');
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal((await server.call('users.get_preferences', {}, { token: first })).status, 200);
      const afterUse = (await sessionsOf(second)).sessions.find((s) => s.id === before.id)!;
      assert.ok(Date.parse(afterUse.last_seen) > Date.parse(before.created), `last seen ${afterUse.last_seen} after ${before.created}`);
      const stored = await server.foyer.services.db.selectFrom('sessions').select('last_seen_at').where('id', '=', before.id).executeTakeFirstOrThrow();
      assert.equal(stored.last_seen_at, Date.parse(afterUse.last_seen));
      // used again within the minute: nothing more is written
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal((await server.call('users.get_preferences', {}, { token: first })).status, 200);
      assert.equal((await sessionsOf(second)).sessions.find((s) => s.id === before.id)!.last_seen, afterUse.last_seen);
    });

    test('ending one session stops its token at once and says why; ending it twice is refused and changes nothing', async () => {
      const cai = await person();
      const here = await cai.signIn();
      const there = await cai.signIn({ 'user-agent': CHROME_ON_LINUX });
      const other = (await sessionsOf(here)).sessions.find((s) => !s.current)!;
      const revoked = await server.call('users.revoke_session', { session: other.id }, { token: here });
      assert.deepEqual([revoked.status, revoked.body.data], [200, { revoked: 1, current: false }]);
      const refused = await server.call('users.get_current_user', {}, { token: there });
      assert.deepEqual([refused.status, refused.body.meta.result_subcode, refused.body.meta.error_data.session_ended], [401, 30, 'ended_elsewhere']);
      assert.match(refused.body.meta.result_msg, /ended from another session/);
      const again = await server.call('users.revoke_session', { session: other.id }, { token: here });
      assert.deepEqual([again.status, again.body.meta.result_subcode, again.body.meta.error_data.field], [400, 12, 'session']);
      assert.equal((await server.call('users.get_current_user', {}, { token: here })).status, 200, 'this session goes on');
      assert.equal((await sessionsOf(here)).total, 1);
    });

    test('ending this session signs it out and clears the cookie', async () => {
      const dee = await person();
      const token = await dee.signIn();
      const self = (await sessionsOf(token)).sessions[0]!;
      const result = await server.call('users.revoke_session', { session: self.id }, { token });
      assert.deepEqual([result.status, result.body.data], [200, { revoked: 1, current: true }]);
      assert.match(result.headers.get('set-cookie') ?? '', /clearml_token_basic=;/);
      assert.equal((await server.call('users.get_current_user', {}, { token })).status, 401);
    });

    test("nobody ends or sees another person's session: the handle of someone else's is unknown to them", async () => {
      const eli = await person();
      const fay = await person();
      const eliToken = await eli.signIn();
      const fayToken = await fay.signIn();
      const faySession = (await sessionsOf(fayToken)).sessions[0]!;
      const attempt = await server.call('users.revoke_session', { session: faySession.id }, { token: eliToken });
      assert.deepEqual([attempt.status, attempt.body.meta.error_data.field], [400, 'session']);
      assert.equal((await server.call('users.get_current_user', {}, { token: fayToken })).status, 200, "Fay's session goes on");
      assert.ok((await sessionsOf(eliToken)).sessions.every((s) => s.id !== faySession.id));
    });

    test('all other password sessions end, in every workspace; this one and the key pairs\' sessions go on', async () => {
      const gil = await person();
      const here = await gil.signIn();
      const team = (await server.call('workspaces.create', { name: 'Gil team' }, { token: here })).body.data.id as string;
      const elsewhere = await gil.signIn();
      const inTeam = (await server.call('workspaces.switch', { workspace: team }, { token: elsewhere })).body.data.token as string;
      const key = await server.createKey(here, 'agent key');
      const keySession = (await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key], headers: SDK_HEADERS })).body.data.token as string;
      const result = await server.call('users.revoke_other_sessions', {}, { token: here });
      assert.deepEqual([result.status, result.body.data], [200, { revoked: 1 }], 'the session switched into the team (the one it replaced had ended with the switch)');
      assert.equal((await server.call('users.get_current_user', {}, { token: inTeam })).status, 401);
      assert.equal((await server.call('users.get_current_user', {}, { token: here })).status, 200);
      assert.equal((await server.call('users.get_current_user', {}, { token: keySession })).status, 200, 'the SDK keeps working');
      const left = (await sessionsOf(here)).sessions;
      assert.deepEqual(left.map((s) => [s.current, s.client.kind]), [[true, 'unknown'], [false, 'sdk']]);
    });

    test('a password change ends the other sessions, unless asked to keep them', async () => {
      const hal = await person();
      const here = await hal.signIn();
      const there = await hal.signIn();
      const keep = await server.call('users.change_password', { old_password: PASSWORD, new_password: 'sessions-password-2', end_other_sessions: false }, { token: here });
      assert.deepEqual([keep.status, keep.body.data], [200, { updated: 1, other_sessions_signed_out: 0 }]);
      assert.equal((await server.call('users.get_current_user', {}, { token: there })).status, 200);
      const end = await server.call('users.change_password', { old_password: 'sessions-password-2', new_password: 'sessions-password-3' }, { token: here });
      assert.deepEqual([end.status, end.body.data], [200, { updated: 1, other_sessions_signed_out: 1 }]);
      const refused = await server.call('users.get_current_user', {}, { token: there });
      assert.deepEqual([refused.status, refused.body.meta.error_data.session_ended], [401, 'password_changed']);
    });

    test('a key pair, or a token it opened, can neither list nor end its owner\'s sessions', async () => {
      const ivy = await person();
      const token = await ivy.signIn();
      const self = (await sessionsOf(token)).sessions[0]!;
      const key = await server.createKey(token);
      const keyToken = (await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).body.data.token as string;
      for (const [name, body] of [['users.get_sessions', {}], ['users.revoke_session', { session: self.id }], ['users.revoke_other_sessions', {}]] as const) {
        for (const options of [{ token: keyToken }, { basic: [key.access_key, key.secret_key] as [string, string] }]) {
          const result = await server.call(name, body, options);
          assert.deepEqual([result.status, result.body.meta.result_subcode, result.body.meta.error_data.action], [403, 20, name === 'users.get_sessions' ? 'session.list' : name === 'users.revoke_session' ? 'session.revoke' : 'session.revoke_others'], name);
          assert.match(result.body.meta.result_msg, /opened with the password/);
        }
      }
      assert.equal((await server.call('users.get_current_user', {}, { token })).status, 200, 'nothing was ended');
    });

    test('sessions that ended, expired, or whose key pair was revoked are not listed', async () => {
      const joy = await person();
      const here = await joy.signIn();
      const short = (await server.call('auth.login', { expiration_sec: 1 }, { basic: [joy.email, PASSWORD] })).body.data.token as string;
      const key = await server.createKey(here);
      await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key], headers: SDK_HEADERS });
      await server.call('auth.logout', {}, { token: await joy.signIn() });
      assert.equal((await sessionsOf(here)).total, 3, 'this one, the short one and the key session');
      await server.call('auth.revoke_credentials', { access_key: key.access_key }, { token: here });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.equal((await server.call('users.get_current_user', {}, { token: short })).status, 401);
      const { sessions, total } = await sessionsOf(here);
      assert.deepEqual([total, sessions.length, sessions[0]!.current], [1, 1, true]);
    });

    test('two people ending all their other sessions at once while signing in elsewhere: each ends only their own', async () => {
      const kim = await person();
      const lou = await person();
      const kimHere = await kim.signIn();
      const louHere = await lou.signIn();
      const kimOthers = await Promise.all(Array.from({ length: 6 }, () => kim.signIn()));
      const louOthers = await Promise.all(Array.from({ length: 6 }, () => lou.signIn()));
      const [kimResult, louResult] = await Promise.all([
        server.call('users.revoke_other_sessions', {}, { token: kimHere }),
        server.call('users.revoke_other_sessions', {}, { token: louHere }),
      ]);
      assert.deepEqual([kimResult.body.data.revoked, louResult.body.data.revoked], [6, 6]);
      for (const token of [...kimOthers, ...louOthers]) assert.equal((await server.call('users.get_current_user', {}, { token })).status, 401);
      for (const token of [kimHere, louHere]) assert.equal((await server.call('users.get_current_user', {}, { token })).status, 200);
    });
  });
}
