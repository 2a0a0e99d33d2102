// Leaked secrets: a reported secret's key pair is revoked at once, its sessions end and its owner is mailed (a real
// SMTP server); the reporter gets the same answer, after at least the same second, for a real secret, a used-up one
// and noise; reports are throttled; two reports at once revoke once; secrets of the format before keep working and
// can be reported too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { hashSecret, isFoyerSecret } from '../src/credentials/keys.ts';
import { revokeLeakedSecret } from '../src/credentials/leak-reports.ts';
import { dialects, startServer, type TestServer } from './support/server.ts';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.ts';

const PASSWORD = 'leak-report-password-1';

for (const dialect of dialects()) {
  describe(`leaked secrets (${dialect})`, () => {
    let server: TestServer;
    let smtp: TestSmtpServer;

    before(async () => {
      smtp = await startSmtpServer();
      server = await startServer(dialect, { ...smtp.env, FOYER_TRUST_PROXY: 'true' }); // each report names its address in X-Forwarded-For
    });
    after(async () => {
      await server.close();
      await smtp.close();
    });

    let people = 0;
    async function owner() {
      const email = `owner-${++people}@example.com`;
      await server.createUser({ email, password: PASSWORD, name: `Owner ${people}` });
      const token = await server.login(email, PASSWORD);
      return { email, token, key: await server.createKey(token, 'ci runner') };
    }
    /** A report from its own address, as a scanner would make it: no cookie, no token. */
    const report = (secret: string, ip = '203.0.113.7') => server.call('auth.report_leaked_secret', { secret }, { headers: { 'x-forwarded-for': ip } });

    test('a reported secret: its key pair revoked, its sessions ended, its owner mailed and told in the log; the reporter told nothing', async () => {
      const { email, token, key } = await owner();
      assert.equal(isFoyerSecret(key.secret_key), true, 'new secrets carry the prefix and a checksum that holds');
      const session = (await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).body.data.token as string;
      smtp.clear();

      const started = Date.now();
      const reported = await report(key.secret_key);
      assert.equal(Date.now() - started >= 1000, true, 'answered after at least a second');
      assert.deepEqual([reported.status, reported.body.data], [200, { received: true }]);
      assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).status, 401, 'the key pair is revoked');
      assert.equal((await server.call('users.get_current_user', {}, { token: session })).status, 401, 'and the session it opened ended');
      assert.deepEqual((await server.call('auth.get_credentials', {}, { token })).body.data.credentials, []);

      const mail = await smtp.waitForMail((m) => m.to.includes(email) && m.subject.includes('revoked'));
      assert.match(mail.text, new RegExp(`“ci runner” \\(${key.access_key}\\)`));
      assert.ok(!mail.text.includes(key.secret_key), 'the mail never repeats the secret');
      const log = (await server.call('users.get_security_log', { kinds: ['key.reported_leaked'] }, { token })).body.data.events;
      assert.equal(log.length, 1);
      assert.equal(log[0].target, key.access_key);
      assert.deepEqual(log[0].details, { format: 'foyer' });
      const stored = await server.foyer.services.db.selectFrom('audit_events').select(['details', 'target']).where('kind', '=', 'key.reported_leaked').execute();
      assert.ok(stored.every((row) => !JSON.stringify(row).includes(key.secret_key)), 'no secret in the log rows');

      // the same answer for the same secret again, for noise, and for a secret of the right shape that was never issued
      for (const secret of [key.secret_key, 'not a secret at all', `foyer_${'A'.repeat(55)}000000`]) {
        const again = await report(secret, '203.0.113.8');
        assert.deepEqual([again.status, again.body.data], [200, { received: true }], secret);
      }
      assert.equal((await server.call('users.get_security_log', { kinds: ['key.reported_leaked'] }, { token })).body.data.events.length, 1, 'revoked once');
    });

    test('a secret of the format before this one keeps working, and can be reported', async () => {
      const { token, key } = await owner();
      const earlier = 'Wm9vbS1zZWNyZXQtb2YtdGhlLWZvcm1hdC1iZWZvcmUtZm95ZXItcHJlZml4ZXMtYWI';
      await server.foyer.services.db.updateTable('credentials').set({ secret_hash: hashSecret(earlier) }).where('access_key', '=', key.access_key).execute();
      assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, earlier] })).status, 200, 'an earlier secret still signs in');
      assert.equal((await report(earlier, '203.0.113.9')).status, 200);
      assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, earlier] })).status, 401);
      const log = (await server.call('users.get_security_log', { kinds: ['key.reported_leaked'] }, { token })).body.data.events;
      assert.deepEqual(log[0].details, { format: 'earlier' });
    });

    test('races: the same secret reported four times at once revokes its key pair once, one log entry and one mail', async () => {
      const { email, token, key } = await owner();
      smtp.clear();
      // straight to the revocation, four at once: through the endpoint the throttle's row lock would line them up
      const request = { ip: '203.0.113.20', headers: {}, secure: false, worker: undefined, client: undefined };
      // connections opened beforehand, so that the four start together rather than as each new connection comes up
      await Promise.all(Array.from({ length: 8 }, () => sql`select 1`.execute(server.foyer.services.db)));
      await Promise.all(Array.from({ length: 4 }, () => revokeLeakedSecret(server.foyer.services, key.secret_key, request)));
      assert.equal((await server.call('users.get_security_log', { kinds: ['key.reported_leaked'] }, { token })).body.data.events.length, 1);
      await smtp.waitForMail((m) => m.to.includes(email) && m.subject.includes('revoked'));
      await smtp.expectNoMail((m) => m.to.includes(email) && m.subject.includes('revoked') && smtp.messages.filter((x) => x.to.includes(email) && x.subject.includes('revoked')).length > 1, 500);
      assert.equal(smtp.messages.filter((m) => m.to.includes(email) && m.subject.includes('revoked')).length, 1);
    });

    test('reports are throttled per secret and per address, whatever they find, and bad input is refused', async () => {
      // the server's clock held still: each report takes a second to answer, longer than the first waits last
      const services = server.foyer.services;
      const realNow = services.now;
      const frozen = Date.now();
      services.now = () => frozen;
      const noise = 'just-some-noise-that-is-no-secret';
      for (let i = 0; i < 4; i++) assert.equal((await report(noise, `198.51.100.${i + 1}`)).status, 200, `report ${i + 1}`);
      const throttled = await report(noise, '198.51.100.50');
      services.now = realNow;
      assert.equal(throttled.status, 429, 'three free reports of one secret, one more counted with a wait, then the next waits, from any address');
      assert.match(throttled.body.meta.result_msg, /Too many reports of this secret or from your network/);
      assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
      for (const body of [{}, { secret: '' }, { secret: 'x'.repeat(501) }, { secret: 42 }, { secret: 'a', extra: 1 }]) {
        const refused = await server.call('auth.report_leaked_secret', body, { headers: { 'x-forwarded-for': '198.51.100.99' } });
        assert.equal(refused.status, 400, JSON.stringify(body));
      }
    });
  });
}
