// Rotating a key pair's secret with an overlap: the new secret works at once, the old one keeps opening sessions
// until the overlap ends (and each secret's last use is kept apart, so the page can say who has not switched), the
// sessions the old secret opened end with it; ending the overlap early and rolling the rotation back take effect on
// the very next call, cached or not; and of several such calls at once, exactly one changes the key.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DEFAULT_ROTATION_OVERLAP_SEC, MAX_ROTATION_OVERLAP_SEC, SUBCODES } from '@foyer/contract';
import { dialects, startServer, type TestServer } from './support/server.ts';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.ts';

const PASSWORD = 'key-rotation-password-1';
const DAY = 24 * 3600_000;
const AGENT = { 'x-clearml-agent': 'clearml-agent-1.9.2', 'x-clearml-worker': 'gpu-03' };

for (const dialect of dialects()) {
  describe(`key pair rotation (${dialect})`, () => {
    let server: TestServer;
    let smtp: TestSmtpServer;
    let clock = Date.UTC(2026, 11, 4, 12, 0, 0);

    before(async () => {
      smtp = await startSmtpServer();
      server = await startServer(dialect, { ...smtp.env, FOYER_LOGIN_FREE_FAILURES_PER_IP: '100000', FOYER_LOGIN_FREE_FAILURES: '1000' });
      server.foyer.services.now = () => clock;
      await server.createUser({ email: 'admin@example.com', password: PASSWORD, name: 'Admin', role: 'admin' });
    });
    after(async () => {
      await server.close();
      await smtp.close();
    });

    let people = 0;
    async function person() {
      const email = `rotator-${++people}@example.com`;
      await server.createUser({ email, password: PASSWORD, name: `Rotator ${people}` });
      const token = await server.login(email, PASSWORD);
      return { email, token, key: await server.createKey(token, 'fleet') };
    }
    const rotate = (token: string, body: Record<string, unknown>) => server.call('auth.rotate_credentials', body, { token });
    const keyLogin = (accessKey: string, secret: string, headers: Record<string, string> = {}, body: Record<string, unknown> = {}) =>
      server.call('auth.login', body, { basic: [accessKey, secret], headers });
    const me = (token: string) => server.call('users.get_current_user', {}, { token });
    const listed = async (token: string, accessKey: string) =>
      (await server.call('auth.get_credentials', {}, { token })).body.data.credentials.find((c: { access_key: string }) => c.access_key === accessKey);
    const log = async (token: string, kinds: string[]) => (await server.call('users.get_security_log', { kinds }, { token })).body.data.events;

    test('both secrets open sessions during the overlap; the old one, and its sessions, stop at its end; its uses are told apart', async () => {
      const { token, key, email } = await person();
      const before = (await keyLogin(key.access_key, key.secret_key)).body.data.token as string; // opened before the rotation
      smtp.clear();
      const rotated = await rotate(token, { access_key: key.access_key });
      assert.equal(rotated.status, 200, rotated.body.meta.result_msg);
      const fresh = rotated.body.data.credentials;
      assert.equal(fresh.access_key, key.access_key, 'the same access key');
      assert.match(fresh.secret_key, /^foyer_[0-9A-Za-z]{61}$/);
      assert.notEqual(fresh.secret_key, key.secret_key);
      const until = clock + DEFAULT_ROTATION_OVERLAP_SEC * 1000;
      assert.equal(Date.parse(fresh.old_secret_until), until, 'seven days by default');
      assert.equal(fresh.label, 'fleet');
      await smtp.waitForMail((m) => m.to.includes(email) && m.subject.includes('has a new secret'));

      let row = await listed(token, key.access_key);
      assert.deepEqual(Object.keys(row.rotation).sort(), ['old_secret_until', 'rotated'], 'no use of the old secret since the rotation');

      assert.equal((await keyLogin(key.access_key, fresh.secret_key)).status, 200, 'the new secret works at once');
      row = await listed(token, key.access_key);
      assert.equal(row.rotation.old_secret_last_used, undefined, "a use of the new secret is not the old one's");

      clock += 3600_000;
      const old = await keyLogin(key.access_key, key.secret_key, AGENT, { expiration_sec: 30 * 24 * 3600 });
      assert.equal(old.status, 200, 'the old secret works during the overlap');
      const oldToken = old.body.data.token as string;
      const claims = JSON.parse(Buffer.from(oldToken.split('.')[1]!, 'base64url').toString('utf8'));
      assert.ok(claims.exp * 1000 <= until, 'a session of the old secret ends with it, whatever lifetime was asked');
      row = await listed(token, key.access_key);
      assert.equal(Date.parse(row.rotation.old_secret_last_used), clock);
      assert.deepEqual(
        [row.rotation.old_secret_last_used_worker, row.rotation.old_secret_last_used_client, row.rotation.old_secret_last_used_from],
        ['gpu-03', 'clearml-agent-1.9.2', 'gpu-03'],
      );
      assert.equal(row.last_used_worker, 'gpu-03', "and it is the key pair's last use too");
      assert.equal((await me(oldToken)).status, 200);
      assert.equal((await me(before)).status, 200, 'a session opened before the rotation goes on during the overlap');
      const sessions = (await server.call('users.get_sessions', {}, { token })).body.data.sessions.filter((listed: { key?: { access_key: string } }) => listed.key?.access_key === key.access_key);
      assert.equal(sessions.length, 3, 'the one opened before, the old secret’s and the new one’s');
      const ofOld = sessions.filter((listed: { key: { old_secret?: boolean } }) => listed.key.old_secret === true);
      assert.equal(ofOld.length, 2, 'both sessions of the old secret say so');
      assert.ok(ofOld.every((listed: { expires: string }) => Date.parse(listed.expires) <= until), 'and end with its overlap');

      clock = until + 1000;
      const refused = await keyLogin(key.access_key, key.secret_key);
      assert.deepEqual([refused.status, refused.body.meta.result_subcode], [401, SUBCODES.invalidCredentials], 'after the overlap the old secret is refused');
      assert.equal((await me(oldToken)).status, 401, 'a session the old secret opened in the overlap: its token expired with it');
      const gone = await me(before);
      assert.equal(gone.status, 401, 'a session it opened before the rotation ended with it too');
      assert.equal(gone.body.meta.error_data.session_ended, 'secret_replaced');
      assert.match(gone.body.meta.result_msg, /replaced by a rotation/);
      const fine = await keyLogin(key.access_key, fresh.secret_key);
      assert.equal(fine.status, 200, 'the new secret goes on');
      assert.equal((await me(fine.body.data.token)).status, 200);
      const later = await server.login(email, PASSWORD);
      assert.equal((await listed(later, key.access_key)).rotation, undefined, 'the rotation is over');
      assert.equal((await log(later, ['key.rotated'])).length, 1);
    });

    test('ending the overlap early stops the old secret and its sessions on the next call, even remembered ones', async () => {
      const { token, key } = await person();
      const fresh = (await rotate(token, { access_key: key.access_key, overlap_sec: 3 * 24 * 3600 })).body.data.credentials;
      const oldToken = (await keyLogin(key.access_key, key.secret_key)).body.data.token as string;
      const newToken = (await keyLogin(key.access_key, fresh.secret_key)).body.data.token as string;
      assert.equal((await me(oldToken)).status, 200); // remembered by the node now
      assert.equal((await keyLogin(key.access_key, key.secret_key)).status, 200); // the key's owner too

      const ended = await server.call('auth.end_credentials_rotation', { access_key: key.access_key }, { token });
      assert.deepEqual([ended.status, ended.body.data], [200, { ended: 1 }]);
      assert.equal((await keyLogin(key.access_key, key.secret_key)).status, 401, 'the old secret stops at once');
      const gone = await me(oldToken);
      assert.deepEqual([gone.status, gone.body.meta.error_data.session_ended], [401, 'secret_replaced']);
      assert.equal((await me(newToken)).status, 200, "the new secret's sessions go on");
      assert.equal((await keyLogin(key.access_key, fresh.secret_key)).status, 200);
      assert.equal((await listed(token, key.access_key)).rotation, undefined);

      const again = await server.call('auth.end_credentials_rotation', { access_key: key.access_key }, { token });
      assert.deepEqual([again.status, again.body.meta.result_subcode, again.body.meta.error_data.reason], [400, SUBCODES.keyRotationRefused, 'no_rotation']);
      const rollBack = await server.call('auth.roll_back_credentials_rotation', { access_key: key.access_key }, { token });
      assert.deepEqual([rollBack.status, rollBack.body.meta.error_data.reason], [400, 'no_rotation'], 'nothing to roll back once the overlap is over');
      assert.equal((await log(token, ['key.rotation_ended'])).length, 1);

      // a key used only as Basic on every call opens no session: the remembered key pair alone must learn of the end
      const basicOnly = await server.createKey(token, 'basic only');
      const basicFresh = (await rotate(token, { access_key: basicOnly.access_key })).body.data.credentials;
      const queues = (secret: string) => server.call('queues.get_all', {}, { basic: [basicOnly.access_key, secret] });
      assert.equal((await queues(basicOnly.secret_key)).status, 200);
      assert.equal((await server.call('auth.end_credentials_rotation', { access_key: basicOnly.access_key }, { token })).status, 200);
      assert.equal((await queues(basicOnly.secret_key)).status, 401, 'refused on the next call, though no session of it ended');
      assert.equal((await queues(basicFresh.secret_key)).status, 200);
    });

    test('rolling back inside the overlap: the old secret is the only one again, for good; the new one and its sessions stop', async () => {
      const { token, key } = await person();
      const fresh = (await rotate(token, { access_key: key.access_key, overlap_sec: 3600 })).body.data.credentials;
      const oldToken = (await keyLogin(key.access_key, key.secret_key)).body.data.token as string;
      const newToken = (await keyLogin(key.access_key, fresh.secret_key)).body.data.token as string;
      assert.equal((await me(newToken)).status, 200);

      const rolled = await server.call('auth.roll_back_credentials_rotation', { access_key: key.access_key }, { token });
      assert.deepEqual([rolled.status, rolled.body.data], [200, { rolled_back: 1 }]);
      assert.equal((await keyLogin(key.access_key, fresh.secret_key)).status, 401, 'the new secret is refused');
      const gone = await me(newToken);
      assert.deepEqual([gone.status, gone.body.meta.error_data.session_ended], [401, 'rotation_rolled_back']);
      assert.equal((await me(oldToken)).status, 200, "the old secret's session goes on");
      clock += 2 * 3600_000; // past what the overlap was
      const restored = await keyLogin(key.access_key, key.secret_key);
      assert.equal(restored.status, 200, 'the old secret has no end any more');
      const restoredToken = restored.body.data.token as string;
      assert.equal((await listed(token, key.access_key)).rotation, undefined);

      // it can be rotated again, and a session of the rolled-back secret does not come back with the same generation
      const second = (await rotate(token, { access_key: key.access_key, overlap_sec: 0 })).body.data.credentials;
      assert.equal(second.old_secret_until, undefined, 'an overlap of 0: the old secret stopped at once');
      assert.equal((await me(newToken)).status, 401);
      assert.equal((await keyLogin(key.access_key, key.secret_key)).status, 401);
      const oldGone = await me(restoredToken);
      assert.deepEqual([oldGone.status, oldGone.body.meta.error_data.session_ended], [401, 'secret_replaced']);
      assert.equal((await keyLogin(key.access_key, second.secret_key)).status, 200);
      assert.equal((await log(token, ['key.rotation_rolled_back'])).length, 1);
    });

    test('refused: a rotation under way, an expired key pair, somebody else’s key, bad overlaps; nothing changes', async () => {
      const { token, key } = await person();
      const other = await person();
      assert.equal((await rotate(token, { access_key: key.access_key, overlap_sec: 60 })).status, 200);
      const busy = await rotate(token, { access_key: key.access_key });
      assert.deepEqual([busy.status, busy.body.meta.result_subcode, busy.body.meta.error_data.reason], [400, SUBCODES.keyRotationRefused, 'in_rotation']);
      assert.match(busy.body.meta.result_msg, /is being rotated already: its old secret works until .*End that overlap or roll the rotation back first/);
      const notMine = await rotate(other.token, { access_key: key.access_key });
      assert.deepEqual([notMine.status, notMine.body.meta.result_subcode], [400, SUBCODES.invalidAccessKey], "somebody else's key is as unknown as any");
      for (const name of ['auth.end_credentials_rotation', 'auth.roll_back_credentials_rotation']) {
        const refused = await server.call(name, { access_key: key.access_key }, { token: other.token });
        assert.deepEqual([refused.status, refused.body.meta.result_subcode], [400, SUBCODES.invalidAccessKey], name);
      }
      const before = await listed(other.token, other.key.access_key);
      for (const overlap of [-1, 1.5, '60', null, MAX_ROTATION_OVERLAP_SEC + 1]) {
        const bad = await rotate(other.token, { access_key: other.key.access_key, overlap_sec: overlap });
        assert.deepEqual([bad.status, bad.body.meta.result_subcode], [400, SUBCODES.validation], `overlap_sec ${overlap}`);
      }
      for (const body of [{}, { access_key: '' }, { access_key: other.key.access_key, extra: 1 }]) {
        assert.equal((await rotate(other.token, body)).status, 400, JSON.stringify(body));
      }
      assert.deepEqual(await listed(other.token, other.key.access_key), before, 'nothing changed');
      assert.equal((await keyLogin(other.key.access_key, other.key.secret_key)).status, 200);

      const expiring = (await server.call('auth.create_credentials', { expires_at: new Date(clock + 2 * DAY).toISOString() }, { token: other.token })).body.data.credentials;
      clock += 3 * DAY;
      const fresh = await server.login(other.email, PASSWORD);
      const expired = await rotate(fresh, { access_key: expiring.access_key });
      assert.deepEqual([expired.status, expired.body.meta.error_data.reason], [400, 'expired']);
      assert.match(expired.body.meta.result_msg, /expired on .*create a new one instead/);
    });

    test('a leak report of the old secret ends the overlap; the new secret, which nobody reported, goes on', async () => {
      const { token, key, email } = await person();
      const fresh = (await rotate(token, { access_key: key.access_key })).body.data.credentials;
      const oldToken = (await keyLogin(key.access_key, key.secret_key)).body.data.token as string;
      smtp.clear();
      const reported = await server.call('auth.report_leaked_secret', { secret: key.secret_key }, { headers: { 'x-forwarded-for': '198.51.100.7' } });
      assert.equal(reported.status, 200);
      assert.equal((await keyLogin(key.access_key, key.secret_key)).status, 401);
      assert.equal((await me(oldToken)).status, 401);
      assert.equal((await keyLogin(key.access_key, fresh.secret_key)).status, 200, 'the key pair is not revoked');
      const entries = await log(token, ['key.rotation_ended']);
      assert.deepEqual([entries.length, entries[0].details.by], [1, 'leak_report']);
      await smtp.waitForMail((m) => m.to.includes(email) && m.subject.includes('old secret'));
    });

    test('races: four rotations at once give one new secret; an end and a rollback at once, one of them', async () => {
      const { token, key } = await person();
      await Promise.all(Array.from({ length: 8 }, () => sql`select 1`.execute(server.foyer.services.db)));
      const results = await Promise.all(Array.from({ length: 4 }, () => rotate(token, { access_key: key.access_key })));
      const done = results.filter((r) => r.status === 200);
      assert.equal(done.length, 1, results.map((r) => r.body.meta.result_msg).join(' | '));
      assert.ok(results.filter((r) => r.status !== 200).every((r) => r.body.meta.error_data.reason === 'in_rotation'));
      const secret = done[0]!.body.data.credentials.secret_key as string;
      assert.equal((await keyLogin(key.access_key, secret)).status, 200, 'the secret handed out is the one that works');
      assert.equal((await keyLogin(key.access_key, key.secret_key)).status, 200, 'and the old one is the one it had');
      assert.equal((await log(token, ['key.rotated'])).length, 1);

      await Promise.all(Array.from({ length: 8 }, () => sql`select 1`.execute(server.foyer.services.db)));
      const [ended, rolled] = await Promise.all([
        server.call('auth.end_credentials_rotation', { access_key: key.access_key }, { token }),
        server.call('auth.roll_back_credentials_rotation', { access_key: key.access_key }, { token }),
      ]);
      assert.equal([ended, rolled].filter((r) => r.status === 200).length, 1, `${ended.body.meta.result_msg} | ${rolled.body.meta.result_msg}`);
      const statuses = await Promise.all([key.secret_key, secret].map((s) => keyLogin(key.access_key, s).then((r) => r.status)));
      assert.deepEqual(statuses.sort(), [200, 401], 'exactly one secret works afterwards');
    });
  });
}
