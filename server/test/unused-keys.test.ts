// A workspace that revokes key pairs unused for a number of days: the owner of a key pair is mailed a few days before
// (once per stretch of disuse, through a real SMTP server), a use keeps it, and after the days it is revoked with its
// sessions, logged and mailed; two nodes at once revoke once; key pairs of workspaces without the rule stay.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { revokeUnusedKeyPairs } from '../src/credentials/unused-keys.ts';
import { dialects, startServer, type TestServer } from './support/server.ts';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.ts';

const PASSWORD = 'unused-keys-password-1';
const DAY = 24 * 3600_000;

for (const dialect of dialects()) {
  describe(`unused key pairs revoked (${dialect})`, () => {
    let server: TestServer;
    let smtp: TestSmtpServer;
    let clock = Date.UTC(2026, 11, 4, 12, 0, 0);

    before(async () => {
      smtp = await startSmtpServer();
      server = await startServer(dialect, { ...smtp.env, FOYER_MODE: 'multi' });
      server.foyer.services.now = () => clock;
    });
    after(async () => {
      await server.close();
      await smtp.close();
    });

    let people = 0;
    async function person() {
      const email = `keeper-${++people}@example.com`;
      const { workspaceId } = await server.createUser({ email, password: PASSWORD, name: `Keeper ${people}` });
      const token = await server.login(email, PASSWORD);
      return { email, workspaceId, token };
    }
    const keyLogin = (key: { access_key: string; secret_key: string }) => server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] });
    const run = () => revokeUnusedKeyPairs(server.foyer.services);
    const mailsTo = (email: string, subject: RegExp) => smtp.messages.filter((m) => m.to.includes(email) && subject.test(m.subject));

    test('told three days before, kept by a use, revoked after the days with its sessions, logged and mailed', async () => {
      const owner = await person();
      const set = await server.call('workspaces.update', { workspace: owner.workspaceId, revoke_unused_key_pairs_after_days: 30 }, { token: owner.token });
      assert.deepEqual(set.body.data, { updated: 1, fields: { revoke_unused_key_pairs_after_days: 30 } });
      assert.equal((await server.call('auth.get_credentials', {}, { token: owner.token })).body.data.revoke_unused_after_days, 30);
      const idle = await server.createKey(owner.token, 'idle');
      const busy = await server.createKey(owner.token, 'busy');
      const session = (await keyLogin(idle)).body.data.token as string; // idle's last use: now
      assert.deepEqual(await run(), { noticed: 0, revoked: 0 });

      clock += 27 * DAY + 1000;
      assert.equal((await keyLogin(busy)).status, 200, 'busy is used on day 27');
      clock += 1000;
      assert.deepEqual(await run(), { noticed: 1, revoked: 0 }, 'idle is three days from revocation; busy was just used');
      const notice = await smtp.waitForMail((m) => m.to.includes(owner.email) && /will be revoked/.test(m.subject));
      assert.match(notice.text, new RegExp(`“idle” \\(${idle.access_key}\\).*revokes key pairs unused for 30 days, so it will be revoked on 2027-01-03`, 's'));
      assert.deepEqual(await run(), { noticed: 0, revoked: 0 }, 'told once');

      clock += 3 * DAY;
      assert.deepEqual(await run(), { noticed: 0, revoked: 1 });
      assert.equal((await keyLogin(idle)).status, 401, 'idle is revoked');
      assert.equal((await server.call('users.get_current_user', {}, { token: session })).status, 401, 'with the session it opened');
      assert.equal((await keyLogin(busy)).status, 200, 'busy stays');
      await smtp.waitForMail((m) => m.to.includes(owner.email) && /was revoked/.test(m.subject));
      const fresh = await server.login(owner.email, PASSWORD);
      const log = (await server.call('users.get_security_log', { kinds: ['key.revoked_unused'] }, { token: fresh })).body.data.events;
      assert.deepEqual(log.map((event: { target: string; details: unknown }) => [event.target, event.details]), [[idle.access_key, { unused_days: 30 }]]);

      // busy, used on day 27 and again now, is told again only after a new stretch of disuse
      clock += 27 * DAY + 1000;
      assert.deepEqual(await run(), { noticed: 1, revoked: 0 });
      assert.equal(mailsTo(owner.email, /will be revoked/).length, 2);
    });

    test('two nodes at once in the notice window mail one notice', async () => {
      const owner = await person();
      await server.call('workspaces.update', { workspace: owner.workspaceId, revoke_unused_key_pairs_after_days: 10 }, { token: owner.token });
      await server.createKey(owner.token, 'quiet');
      clock += 8 * DAY;
      await Promise.all(Array.from({ length: 8 }, () => sql`select 1`.execute(server.foyer.services.db)));
      const results = await Promise.all([run(), run(), run()]);
      assert.equal(results.map((result) => result.noticed).reduce((a, b) => a + b, 0), 1, JSON.stringify(results));
      await smtp.waitForMail((m) => m.to.includes(owner.email) && /will be revoked/.test(m.subject));
      await smtp.expectNoMail((m) => m.to.includes(owner.email) && /will be revoked/.test(m.subject) && mailsTo(owner.email, /will be revoked/).length > 1, 300);
      assert.equal(mailsTo(owner.email, /will be revoked/).length, 1);
    });

    test('two nodes at once revoke a key pair once; a workspace without the rule keeps its unused key pairs; only owners and admins set it', async () => {
      const owner = await person();
      const other = await person();
      await server.call('workspaces.update', { workspace: owner.workspaceId, revoke_unused_key_pairs_after_days: 7 }, { token: owner.token });
      const key = await server.createKey(owner.token, 'old');
      const kept = await server.createKey(other.token, 'kept');
      clock += 8 * DAY;
      await Promise.all(Array.from({ length: 8 }, () => sql`select 1`.execute(server.foyer.services.db)));
      const results = await Promise.all([run(), run(), run()]);
      const revokedOnce = results.map((result) => result.revoked).reduce((a, b) => a + b, 0);
      assert.ok(revokedOnce >= 1);
      const owned = await server.foyer.services.db.selectFrom('audit_events').select('id').where('kind', '=', 'key.revoked_unused').where('target', '=', key.access_key).execute();
      assert.equal(owned.length, 1, 'one log entry');
      assert.equal((await keyLogin(key)).status, 401);
      assert.equal((await keyLogin(kept)).status, 200, 'no rule in that workspace: an unused key pair stays');

      const member = await person();
      const invite = (await server.call('invites.create', { workspace: owner.workspaceId }, { token: await server.login(owner.email, PASSWORD) })).body.data;
      assert.equal((await server.call('invites.accept', { token: new URL(invite.url).pathname.split('/').pop() }, { token: member.token })).status, 200);
      const refused = await server.call('workspaces.update', { workspace: owner.workspaceId, revoke_unused_key_pairs_after_days: 90 }, { token: member.token });
      assert.deepEqual([refused.status, refused.body.meta.error_data.action], [403, 'workspace.update']);
      for (const bad of [6, 3651, 10.5, 'often']) {
        const invalid = await server.call('workspaces.update', { workspace: owner.workspaceId, revoke_unused_key_pairs_after_days: bad }, { token: await server.login(owner.email, PASSWORD) });
        assert.deepEqual([invalid.status, invalid.body.meta.error_data?.field], [400, 'revoke_unused_key_pairs_after_days'], String(bad));
      }
    });
  });
}
