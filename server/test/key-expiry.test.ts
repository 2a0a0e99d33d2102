// Key pairs that expire: chosen at creation (or the workspace's maximum lifetime), refused after it with a 401 that
// says when (told only to whoever holds the secret), sessions they open ending with them, listed as expired until
// revoked; a workspace's maximum lifetime for new key pairs; and the notice a week ahead, mailed once through a real
// SMTP server, once even when two nodes look at the same time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SUBCODES } from '@foyer/contract';
import { sendKeyExpiryNotices } from '../src/credentials/expiry-notices.ts';
import { dialects, startServer, type TestServer } from './support/server.ts';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.ts';

const PASSWORD = 'key-expiry-password-1';
const DAY = 24 * 3600_000;

for (const dialect of dialects()) {
  describe(`key pairs that expire (${dialect})`, () => {
    let server: TestServer;
    let smtp: TestSmtpServer;
    let clock = Date.UTC(2026, 11, 4, 12, 0, 0);
    let workspace: string;
    let owner: string;

    before(async () => {
      smtp = await startSmtpServer();
      server = await startServer(dialect, { ...smtp.env, FOYER_LOGIN_FREE_FAILURES_PER_IP: '100000' });
      server.foyer.services.now = () => clock;
      const created = await server.createUser({ email: 'owner@example.com', password: PASSWORD, name: 'Owner', role: 'admin' });
      workspace = created.workspaceId;
      owner = await server.login('owner@example.com', PASSWORD);
    });
    after(async () => {
      await server.close();
      await smtp.close();
    });

    let people = 0;
    async function person() {
      const email = `member-${++people}@example.com`;
      await server.createUser({ email, password: PASSWORD, name: `Member ${people}` });
      return { email, token: await server.login(email, PASSWORD) };
    }
    const create = (token: string, body: Record<string, unknown>) => server.call('auth.create_credentials', body, { token });
    const keyLogin = (key: { access_key: string; secret_key: string }, secret = key.secret_key) => server.call('auth.login', {}, { basic: [key.access_key, secret] });

    test('an expiry chosen at creation: listed, sessions end with it, and after it a 401 that says when, only to the holder of the secret', async () => {
      const { email, token } = await person();
      const expiresAt = new Date(clock + 30 * DAY).toISOString();
      const made = await create(token, { label: 'ci', expires_at: expiresAt });
      assert.equal(made.status, 200, made.body.meta.result_msg);
      const key = made.body.data.credentials;
      assert.equal(Date.parse(key.expires), Date.parse(expiresAt));
      const never = (await create(token, { label: 'laptop' })).body.data.credentials;
      assert.equal(never.expires, undefined, 'no expiry asked, none in the workspace: never');

      const listed = (await server.call('auth.get_credentials', {}, { token })).body.data;
      assert.equal(listed.max_key_lifetime_days, null);
      const ci = listed.credentials.find((c: { label?: string }) => c.label === 'ci');
      assert.deepEqual([Date.parse(ci.expires), ci.expired], [Date.parse(expiresAt), undefined]);

      // a session asked for 60 days ends when the key pair does
      const login = await server.call('auth.login', { expiration_sec: 60 * 24 * 3600 }, { basic: [key.access_key, key.secret_key] });
      assert.equal(login.status, 200);
      const sessionToken = login.body.data.token as string;
      const claims = JSON.parse(Buffer.from(sessionToken.split('.')[1]!, 'base64url').toString('utf8'));
      assert.ok(claims.exp * 1000 <= Date.parse(expiresAt), `the token expires with the key pair (${new Date(claims.exp * 1000).toISOString()})`);
      assert.equal((await server.call('users.get_current_user', {}, { token: sessionToken })).status, 200);

      clock += 30 * DAY + 1000;
      const expired = await keyLogin(key);
      assert.deepEqual([expired.status, expired.body.meta.result_subcode, expired.body.meta.error_data.reason], [401, SUBCODES.keyExpired, 'key_expired']);
      assert.match(expired.body.meta.result_msg, new RegExp(`expired on ${expiresAt.slice(0, 16)}.*create a new one on the Profile page`));
      const guessed = await keyLogin(key, 'x'.repeat(67));
      assert.deepEqual([guessed.status, guessed.body.meta.result_subcode], [401, SUBCODES.invalidCredentials], 'a wrong secret learns nothing of the expiry');
      assert.equal((await server.call('users.get_current_user', {}, { token: sessionToken })).status, 401, 'the session it opened has ended');
      assert.equal((await server.call('queues.get_all', {}, { basic: [key.access_key, key.secret_key] })).status, 401, 'nor does it work as Basic on any call');
      assert.equal((await keyLogin(never)).status, 200, 'the key pair without an expiry goes on');

      const later = await server.login(email, PASSWORD); // the password session of 30 days has ended too by now
      const after = (await server.call('auth.get_credentials', {}, { token: later })).body.data.credentials.find((c: { label?: string }) => c.label === 'ci');
      assert.equal(after.expired, true, 'listed as expired until revoked');
      assert.equal((await server.call('auth.revoke_credentials', { access_key: key.access_key }, { token: later })).status, 200);
      const log = (await server.call('users.get_security_log', { kinds: ['key.created'] }, { token: later })).body.data.events;
      assert.deepEqual(log.map((event: { details: { expires?: string } }) => event.details.expires ?? null).sort(), [key.expires, null].sort());
    });

    test('an expiry in the past, too far ahead or not a date is refused and makes nothing', async () => {
      const { token } = await person();
      for (const [expires_at, message] of [
        [new Date(clock - DAY).toISOString(), /must be in the future/],
        [new Date(clock + 3651 * DAY).toISOString(), /at most 3650 days ahead/],
        ['next tuesday', /ISO 8601/],
        ['2027-02-31T00:00:00Z', /ISO 8601/],
      ] as const) {
        const refused = await create(token, { expires_at });
        assert.equal(refused.status, 400, `${expires_at}: ${refused.body.meta.result_msg}`);
        assert.equal(refused.body.meta.error_data.field, 'expires_at');
        assert.match(refused.body.meta.result_msg, message);
      }
      assert.deepEqual((await server.call('auth.get_credentials', {}, { token })).body.data.credentials, []);
    });

    test('a workspace maximum: set by owners and admins, the default and the limit of new key pairs, logged; old key pairs keep theirs', async () => {
      const member = await person();
      const before = (await create(member.token, {})).body.data.credentials;
      const refused = await server.call('workspaces.update', { workspace, max_key_lifetime_days: 90 }, { token: member.token });
      assert.deepEqual([refused.status, refused.body.meta.error_data.action], [403, 'workspace.update'], refused.body.meta.result_msg);
      owner = await server.login('owner@example.com', PASSWORD); // the clock has moved past the first session's 30 days
      const set = await server.call('workspaces.update', { workspace, max_key_lifetime_days: 90 }, { token: owner });
      assert.deepEqual(set.body.data, { updated: 1, fields: { max_key_lifetime_days: 90 } });
      assert.equal((await server.call('organization.get_user_companies', {}, { token: member.token })).body.data.companies[0].max_key_lifetime_days, 90);
      assert.equal((await server.call('auth.get_credentials', {}, { token: member.token })).body.data.max_key_lifetime_days, 90);

      const byDefault = (await create(member.token, {})).body.data.credentials;
      assert.equal(Date.parse(byDefault.expires), clock + 90 * DAY, 'no expiry asked: the maximum');
      const shorter = await create(member.token, { expires_at: new Date(clock + 30 * DAY).toISOString() });
      assert.equal(shorter.status, 200);
      for (const expires_at of [null, new Date(clock + 91 * DAY).toISOString()]) {
        const tooLong = await create(member.token, { expires_at });
        assert.equal(tooLong.status, 400, String(expires_at));
        assert.match(tooLong.body.meta.result_msg, /key pairs in this workspace expire within 90 days: choose a date up to \d{4}-\d{2}-\d{2}/);
      }
      assert.equal((await keyLogin(before)).status, 200, 'a key pair made before keeps working, and keeps no expiry');

      const log = (await server.call('workspaces.get_audit_log', { workspace, kinds: ['workspace.settings_changed'] }, { token: owner })).body.data.events;
      assert.deepEqual(log[0].details, { max_key_lifetime_days: 90 });
      assert.deepEqual((await server.call('workspaces.update', { workspace, max_key_lifetime_days: null }, { token: owner })).body.data.fields, { max_key_lifetime_days: null });
      for (const bad of [0, 3651, 1.5, '90']) {
        const invalid = await server.call('workspaces.update', { workspace, max_key_lifetime_days: bad }, { token: owner });
        assert.deepEqual([invalid.status, invalid.body.meta.error_data?.field], [400, 'max_key_lifetime_days'], String(bad));
      }
    });

    test('a week ahead, the owner is mailed once (also when two nodes look at once); none for later, revoked or expired key pairs', async () => {
      const { email, token } = await person();
      const soon = (await create(token, { label: 'gpu-03 agent', expires_at: new Date(clock + 3 * DAY).toISOString() })).body.data.credentials;
      await create(token, { label: 'later', expires_at: new Date(clock + 10 * DAY).toISOString() });
      const revoked = (await create(token, { label: 'revoked', expires_at: new Date(clock + 2 * DAY).toISOString() })).body.data.credentials;
      await server.call('auth.revoke_credentials', { access_key: revoked.access_key }, { token });
      smtp.clear();

      const counts = await Promise.all([sendKeyExpiryNotices(server.foyer.services), sendKeyExpiryNotices(server.foyer.services)]);
      assert.equal(counts[0]! + counts[1]!, 1, `one notice in all: ${counts}`);
      const isNotice = (to: string) => (m: { to: string[]; subject: string }) => m.to.includes(to) && m.subject.includes('expires soon');
      const mail = await smtp.waitForMail(isNotice(email));
      assert.match(mail.subject, /expires soon/);
      assert.match(mail.text, new RegExp(`“gpu-03 agent” \\(${soon.access_key}\\)`));
      assert.ok(mail.text.includes(`expires on ${new Date(Date.parse(soon.expires)).toISOString().replace('T', ' ').slice(0, 16)} UTC`), mail.text);
      assert.ok(!mail.text.includes(soon.secret_key), 'never the secret');
      assert.equal(await sendKeyExpiryNotices(server.foyer.services), 0, 'sent once');
      await smtp.expectNoMail((m) => isNotice(email)(m) && m !== mail, 300);
      assert.equal(smtp.messages.filter(isNotice(email)).length, 1, 'not for the later nor the revoked one');

      // a mail server that is down: nothing is lost, the next run sends it
      const other = await person();
      await create(other.token, { label: 'nightly', expires_at: new Date(clock + DAY).toISOString() });
      smtp.refuse = true;
      assert.equal(await sendKeyExpiryNotices(server.foyer.services), 0);
      smtp.refuse = false;
      assert.equal(await sendKeyExpiryNotices(server.foyer.services), 1, 'tried again once the mail server is back');
      await smtp.waitForMail(isNotice(other.email));
    });
  });
}
