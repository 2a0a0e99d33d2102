// Mail to the person on security events, with a real SMTP server (test/support/smtp.ts), on both databases: a
// password sign-in from a new address and client, the password changed, two-factor turned on, its codes renewed and
// turned off, a key pair created. Each arrives after its change, names where it came from, holds no secret; an SMTP
// server that is down fails none of the changes (the failure is logged, without the mail's text).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import type { TwoFactorEnrolment } from '@foyer/contract';
import { dialects, startServer, type TestServer } from './support/server.ts';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.ts';

const PASSWORD = 'notice-password-1';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

for (const dialect of dialects()) {
  describe(`security notices by mail (${dialect})`, () => {
    let smtp: TestSmtpServer;
    let server: TestServer;
    const warnings: unknown[] = [];
    let people = 0;

    before(async () => {
      smtp = await startSmtpServer();
      server = await startServer(dialect, { ...smtp.env, FOYER_MODE: 'multi' });
      server.foyer.services.log = { info() {}, error() {}, warn: (entry: unknown) => void warnings.push(entry) };
    });
    after(async () => {
      await server.close();
      await smtp.close();
    });

    async function person(name: string) {
      const email = `${name.toLowerCase()}-${++people}@example.com`;
      await server.createUser({ email, password: PASSWORD, name });
      return email;
    }
    const signIn = (email: string, userAgent: string, password = PASSWORD) =>
      server.call('auth.login', undefined, { basic: [email, password], headers: { 'user-agent': userAgent } });
    const mailTo = async (email: string) => {
      await server.foyer.services.mail!.idle();
      return smtp.messages.filter((m) => m.to.includes(email));
    };

    test('a sign-in from a new address and client is mailed; the first sign-in and the same place again are not', async () => {
      const ann = await person('Ann');
      assert.equal((await signIn(ann, FIREFOX)).status, 200);
      assert.equal((await signIn(ann, FIREFOX)).status, 200);
      assert.deepEqual(await mailTo(ann), []);
      assert.equal((await signIn(ann, CHROME)).status, 200);
      const [mail, ...more] = await mailTo(ann);
      assert.equal(more.length, 0);
      assert.equal(mail!.subject, 'New sign-in to your Foyer account');
      assert.match(mail!.text, /From: 127\.0\.0\.1, Chrome 131 on Windows\./);
      assert.match(mail!.text, /When: \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
      assert.ok(mail!.links.includes('http://127.0.0.1:8080/profile'));
      // a wrong password is no sign-in
      assert.equal((await signIn(ann, 'curl/8.5.0', 'wrong-password')).status, 401);
      assert.equal((await mailTo(ann)).length, 1);
    });

    test('the password changed, two-factor on, codes renewed, two-factor off, a key pair created: one mail each, no secret', async () => {
      const ben = await person('Ben');
      const token = (await signIn(ben, FIREFOX)).body.data.token as string;
      const changed = await server.call('users.change_password', { old_password: PASSWORD, new_password: 'notice-password-2' }, { token, headers: { 'user-agent': FIREFOX } });
      assert.equal(changed.status, 200, changed.body.meta.result_msg);

      const begun = (await server.call('users.begin_two_factor', { password: 'notice-password-2' }, { token })).body.data as TwoFactorEnrolment;
      const enabled = await server.call('users.enable_two_factor', { code: await generate({ secret: begun.secret }) }, { token });
      assert.equal(enabled.status, 200, enabled.body.meta.result_msg);
      const codes = enabled.body.data.recovery_codes as string[];
      assert.equal((await server.call('users.renew_recovery_codes', { password: 'notice-password-2', code: codes[0] }, { token })).status, 200);
      const key = await server.createKey(token, 'laptop');

      const mails = await mailTo(ben);
      assert.deepEqual(mails.map((m) => m.subject), [
        'Your Foyer password was changed',
        'Two-factor sign-in is on for your Foyer account',
        'New recovery codes for your Foyer account',
        'A new key pair for your Foyer account',
      ]);
      const keyMail = mails[3]!;
      assert.match(keyMail.text, new RegExp(`access key ${key.access_key} \\("laptop"\\)`));
      const everything = JSON.stringify(mails);
      for (const secret of [key.secret_key, begun.secret, ...codes, 'notice-password-2']) assert.ok(!everything.includes(secret), 'no secret in a notice');

      // a refused renewal (a code of the old set) changes nothing and mails nothing
      assert.equal((await server.call('users.renew_recovery_codes', { password: 'notice-password-2', code: codes[1] }, { token })).status, 400);
      assert.equal((await mailTo(ben)).length, 4);
      // the app's next code (the one of the enrolment was used)
      const disabled = await server.call('users.disable_two_factor', { password: 'notice-password-2', code: await generate({ secret: begun.secret, epoch: Math.floor(Date.now() / 1000) + 30 }) }, { token });
      assert.equal(disabled.status, 200, disabled.body.meta.result_msg);
      assert.equal((await mailTo(ben)).at(-1)!.subject, 'Two-factor sign-in is off for your Foyer account');
    });

    test('SMTP down: the change is made all the same, and the failure is logged without the mail', async () => {
      const cat = await person('Cat');
      const token = (await signIn(cat, FIREFOX)).body.data.token as string;
      warnings.length = 0;
      smtp.refuse = true;
      try {
        const created = await server.call('auth.create_credentials', { label: 'while down' }, { token });
        assert.equal(created.status, 200);
        await server.foyer.services.mail!.idle();
      } finally {
        smtp.refuse = false;
      }
      assert.equal((await server.call('auth.get_credentials', {}, { token })).body.data.credentials.length, 1);
      assert.equal(warnings.length, 1);
      assert.match(JSON.stringify(warnings[0]), /security notice key\.created/);
      assert.doesNotMatch(JSON.stringify(warnings[0]), /while down|@example\.com/);
      assert.deepEqual(await mailTo(cat), []);
    });
  });
}
