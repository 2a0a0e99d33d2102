// "Forgot password?" over the API, on both databases, with a real SMTP server (test/support/smtp.ts): the mail
// arrives and its link works once, then every session of the account is over and the person is signed in; an unknown
// address gets the same answer after the same time and no mail; a newer link voids the older; 30 minutes on the
// server's clock end a link; requests are throttled per address and per IP; of two uses at once exactly one wins; an
// account with two-factor still needs its code after a reset; an SMTP server that is down is said so and nothing
// changes; the security log holds neither the token nor the password; a server without SMTP says it sends no mail.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { SUBCODES, type TwoFactorEnrolment } from '@foyer/contract';
import { dialects, startServer, type TestServer } from './support/server.ts';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './support/smtp.ts';

const PASSWORD = 'old-password-1';
const NEW_PASSWORD = 'brand-new-password-2';

const tokenOf = (mail: ReceivedMail) => {
  const link = mail.links.find((url) => url.includes('/reset-password#'));
  assert.ok(link, `no reset link in: ${mail.text}`);
  assert.ok(link.startsWith('http://127.0.0.1:8080/reset-password#'), link);
  return decodeURIComponent(link.slice(link.indexOf('#') + 1));
};

function cookieFrom(headers: Headers): string | undefined {
  return /clearml_token_basic=([^;]+)/.exec(headers.get('set-cookie') ?? '')?.[1];
}

for (const dialect of dialects()) {
  describe(`password reset (${dialect})`, () => {
    let smtp: TestSmtpServer;
    let server: TestServer;
    let people = 0;

    before(async () => {
      smtp = await startSmtpServer();
      server = await startServer(dialect, { ...smtp.env, FOYER_MODE: 'multi' });
    });
    after(async () => {
      await server.close();
      await smtp.close();
    });
    beforeEach(async () => {
      // each test asks for links from 127.0.0.1: only the throttle test may run into the per-IP count
      await server.foyer.services.db.deleteFrom('login_throttle').execute();
      server.foyer.services.now = () => Date.now();
    });

    async function person(name: string) {
      const email = `${name.toLowerCase()}-${++people}@example.com`;
      const { userId } = await server.createUser({ email, password: PASSWORD, name });
      return { email, userId, name };
    }
    const request = (email: string) => server.call('auth.request_password_reset', { email });
    async function mailedToken(email: string): Promise<string> {
      const since = smtp.messages.length;
      const asked = await request(email);
      assert.equal(asked.status, 200, asked.body.meta.result_msg);
      const mail = await smtp.waitForMail((m, i = smtp.messages.indexOf(m)) => i >= since && m.to.includes(email) && m.subject === 'Set a new password for Foyer');
      return tokenOf(mail);
    }
    const reasonOf = (result: { status: number; body: { meta: Record<string, any> } }) => [result.status, result.body.meta.result_subcode, result.body.meta.error_data?.reason];

    test('the sign-in page learns that this server sends mail', async () => {
      assert.equal((await server.call('login.supported_modes', {})).body.data.mail, true);
    });

    test('the mail arrives; its link sets the password once, ends every session, and signs the person in', async () => {
      const ada = await person('Ada');
      const oldSession = await server.login(ada.email, PASSWORD);
      const key = await server.createKey(oldSession, 'laptop');
      const keySession = (await server.call('auth.login', undefined, { basic: [key.access_key, key.secret_key] })).body.data.token as string;

      const token = await mailedToken(ada.email);
      const mail = smtp.messages.findLast((m) => m.to.includes(ada.email))!;
      assert.match(mail.text, /^Hello Ada,/);
      assert.match(mail.text, /works once, for 30 minutes/);
      assert.equal(mail.from, 'foyer@example.com');

      const looked = await server.call('auth.get_password_reset', { token });
      assert.equal(looked.status, 200);
      assert.match(looked.body.data.email, /^a\*\*\*\d@example\.com$/);
      assert.ok(Date.parse(looked.body.data.expires) - Date.now() > 29 * 60_000);

      const short = await server.call('auth.reset_password', { token, password: 'short' });
      assert.deepEqual([short.status, short.body.meta.result_subcode], [400, 12]);
      const sameAsEmail = await server.call('auth.reset_password', { token, password: ada.email });
      assert.deepEqual([sameAsEmail.status, sameAsEmail.body.meta.result_subcode], [400, 12]);

      const done = await server.call('auth.reset_password', { token, password: NEW_PASSWORD });
      assert.equal(done.status, 200, done.body.meta.result_msg);
      assert.deepEqual(done.body.data, { email: ada.email, sessions_ended: 2, signed_in: true, second_factor_required: false });
      const cookie = cookieFrom(done.headers);
      assert.ok(cookie);
      assert.equal((await server.call('users.get_current_user', {}, { token: cookie })).status, 200);

      for (const ended of [oldSession, keySession]) {
        const refused = await server.call('users.get_current_user', {}, { token: ended });
        assert.deepEqual([refused.status, refused.body.meta.error_data?.session_ended], [401, 'password_changed']);
      }
      // the key pair itself still signs in: the SDK and agents carry on
      assert.equal((await server.call('auth.login', undefined, { basic: [key.access_key, key.secret_key] })).status, 200);
      assert.equal((await server.call('auth.login', undefined, { basic: [ada.email, PASSWORD] })).status, 401);
      assert.equal((await server.call('auth.login', undefined, { basic: [ada.email, NEW_PASSWORD] })).status, 200);

      const again = await server.call('auth.reset_password', { token, password: 'yet-another-password-3' });
      assert.deepEqual(reasonOf(again), [400, SUBCODES.passwordResetLinkUnusable, 'used']);
      assert.deepEqual(reasonOf(await server.call('auth.get_password_reset', { token })), [400, SUBCODES.passwordResetLinkUnusable, 'used']);

      const notice = await smtp.waitForMail((m) => m.to.includes(ada.email) && m.subject === 'Your Foyer password was reset');
      assert.match(notice.text, /Every session of the account was signed out/);
      assert.doesNotMatch(notice.text, new RegExp(token));
    });

    test('an unknown address gets the same answer, after as long, and no mail is sent', async () => {
      const bea = await person('Bea');
      const timed = async (email: string) => {
        const started = performance.now();
        const result = await request(email);
        return { result, ms: performance.now() - started };
      };
      const known = await timed(bea.email);
      const unknown = await timed('nobody-here@example.com');
      assert.deepEqual([unknown.result.status, unknown.result.body.data], [known.result.status, known.result.body.data]);
      assert.deepEqual(known.result.body.data, { expires_in_minutes: 30 });
      assert.ok(known.ms >= 990 && unknown.ms >= 990, `${known.ms} ${unknown.ms}`);
      assert.ok(Math.abs(known.ms - unknown.ms) < 250, `${known.ms} ${unknown.ms}`);
      await smtp.waitForMail((m) => m.to.includes(bea.email));
      await smtp.expectNoMail((m) => m.to.includes('nobody-here@example.com'));
      const rows = await server.foyer.services.db.selectFrom('password_resets').select('user_id').execute();
      assert.ok(rows.every((row) => row.user_id !== undefined));
      assert.equal(rows.filter((row) => row.user_id === bea.userId).length, 1);
    });

    test('bad input is refused and changes nothing', async () => {
      const notAnAddress = await request('not an address');
      assert.deepEqual([notAnAddress.status, notAnAddress.body.meta.result_subcode, notAnAddress.body.meta.error_data?.field], [400, 12, 'email']);
      const unknownField = await server.call('auth.request_password_reset', { email: 'a@example.com', extra: 1 });
      assert.deepEqual([unknownField.status, unknownField.body.meta.result_subcode], [400, 12]);
      for (const token of ['no-such-token', 'x'.repeat(200)]) {
        assert.deepEqual(reasonOf(await server.call('auth.get_password_reset', { token })), [400, SUBCODES.passwordResetLinkUnusable, 'not_found']);
        assert.deepEqual(reasonOf(await server.call('auth.reset_password', { token, password: NEW_PASSWORD })), [400, SUBCODES.passwordResetLinkUnusable, 'not_found']);
      }
      assert.deepEqual((await server.call('auth.reset_password', { password: NEW_PASSWORD })).status, 400);
    });

    test('a second request voids the first link; only the newest works', async () => {
      const cy = await person('Cy');
      const first = await mailedToken(cy.email);
      const second = await mailedToken(cy.email);
      assert.notEqual(first, second);
      assert.deepEqual(reasonOf(await server.call('auth.get_password_reset', { token: first })), [400, SUBCODES.passwordResetLinkUnusable, 'replaced']);
      assert.deepEqual(reasonOf(await server.call('auth.reset_password', { token: first, password: NEW_PASSWORD })), [400, SUBCODES.passwordResetLinkUnusable, 'replaced']);
      assert.equal((await server.call('auth.login', undefined, { basic: [cy.email, PASSWORD] })).status, 200);
      assert.equal((await server.call('auth.reset_password', { token: second, password: NEW_PASSWORD })).status, 200);
    });

    test('three requests at once: three mails, and exactly one of their links works', async () => {
      const ray = await person('Ray');
      const clock = Date.now();
      server.foyer.services.now = () => clock; // the same millisecond for all three: the links' ids decide
      const asked = await Promise.all([1, 2, 3].map(() => request(ray.email)));
      assert.deepEqual(asked.map((r) => r.status), [200, 200, 200]);
      await smtp.waitForMail(() => smtp.messages.filter((m) => m.to.includes(ray.email)).length === 3);
      const tokens = smtp.messages.filter((m) => m.to.includes(ray.email)).map(tokenOf);
      const looked = await Promise.all(tokens.map((token) => server.call('auth.get_password_reset', { token })));
      assert.deepEqual(looked.map((r) => r.status).sort(), [200, 400, 400]);
      for (const refused of looked.filter((r) => r.status === 400)) assert.equal(refused.body.meta.error_data.reason, 'replaced');
    });

    test('a link expires after 30 minutes on the server clock', async () => {
      const dee = await person('Dee');
      const token = await mailedToken(dee.email);
      const asked = Date.now();
      server.foyer.services.now = () => asked + 29 * 60_000;
      assert.equal((await server.call('auth.get_password_reset', { token })).status, 200);
      server.foyer.services.now = () => asked + 30 * 60_000 + 1000;
      assert.deepEqual(reasonOf(await server.call('auth.get_password_reset', { token })), [400, SUBCODES.passwordResetLinkUnusable, 'expired']);
      assert.deepEqual(reasonOf(await server.call('auth.reset_password', { token, password: NEW_PASSWORD })), [400, SUBCODES.passwordResetLinkUnusable, 'expired']);
      assert.equal((await server.call('auth.login', undefined, { basic: [dee.email, PASSWORD] })).status, 200);
    });

    test('requests are throttled per address (3 free, then waits) and per IP (20 free), whether or not the address has an account', async () => {
      const eve = await person('Eve');
      const clock = Date.now();
      server.foyer.services.now = () => clock;
      // three free, and a fourth that goes through but makes the next one wait a second
      const results = await Promise.all([1, 2, 3, 4].map(() => request(eve.email)));
      assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200]);
      const fifth = await request(eve.email);
      assert.deepEqual([fifth.status, fifth.headers.get('retry-after')], [429, '1']);
      assert.match(fifth.body.meta.result_msg, /Too many requests for a reset link for this address or from your network\. Try again in 1 second\./);
      await smtp.expectNoMail((m) => m.to.includes(eve.email) && smtp.messages.filter((n) => n.to.includes(eve.email)).length > 4, 100);
      assert.equal(smtp.messages.filter((m) => m.to.includes(eve.email)).length, 4);
      // an address without an account is counted the same way
      for (let i = 0; i < 4; i++) assert.equal((await request('ghost@example.com')).status, 200);
      assert.equal((await request('ghost@example.com')).status, 429);
      // the IP: 20 free requests from 127.0.0.1 (8 so far) and a 21st, then it waits too, for any address
      const rest = await Promise.all(Array.from({ length: 13 }, (_, i) => request(`someone-${i}@example.com`)));
      assert.ok(rest.every((r) => r.status === 200));
      assert.equal((await request('one-more@example.com')).status, 429);
      server.foyer.services.now = () => clock + 2000;
      assert.equal((await request(eve.email)).status, 200);
    });

    test('two uses of one link at once: exactly one sets the password', async () => {
      const fay = await person('Fay');
      const token = await mailedToken(fay.email);
      const passwords = ['racing-password-a1', 'racing-password-b2', 'racing-password-c3', 'racing-password-d4'];
      const results = await Promise.all(passwords.map((password) => server.call('auth.reset_password', { token, password })));
      const winners = results.filter((r) => r.status === 200);
      assert.equal(winners.length, 1, JSON.stringify(results.map((r) => r.body.meta.result_msg)));
      for (const loser of results.filter((r) => r.status !== 200)) assert.deepEqual(reasonOf(loser), [400, SUBCODES.passwordResetLinkUnusable, 'used']);
      const won = passwords[results.indexOf(winners[0]!)]!;
      assert.equal((await server.call('auth.login', undefined, { basic: [fay.email, won] })).status, 200);
      const entries = await server.foyer.services.db.selectFrom('audit_events').select('kind').where('subject_user_id', '=', fay.userId).where('kind', '=', 'password.reset').execute();
      assert.equal(entries.length, 1);
    });

    test('with two-factor on, a reset sets the password but signs no one in: the sign-in still needs the code', async () => {
      const gil = await person('Gil');
      const session = await server.login(gil.email, PASSWORD);
      const begun = (await server.call('users.begin_two_factor', { password: PASSWORD }, { token: session })).body.data as TwoFactorEnrolment;
      const enabled = await server.call('users.enable_two_factor', { code: await generate({ secret: begun.secret }) }, { token: session });
      assert.equal(enabled.status, 200, enabled.body.meta.result_msg);

      const token = await mailedToken(gil.email);
      const done = await server.call('auth.reset_password', { token, password: NEW_PASSWORD });
      assert.equal(done.status, 200, done.body.meta.result_msg);
      assert.deepEqual(done.body.data, { email: gil.email, sessions_ended: 1, signed_in: false, second_factor_required: true });
      assert.equal(cookieFrom(done.headers), undefined);
      const withoutCode = await server.call('auth.login', undefined, { basic: [gil.email, NEW_PASSWORD] });
      assert.deepEqual([withoutCode.status, withoutCode.body.meta.result_subcode], [401, SUBCODES.secondFactorRequired]);
    });

    test('SMTP down: the request says so, for an unknown address too, and nothing changes', async () => {
      const hal = await person('Hal');
      const earlier = await mailedToken(hal.email);
      const before = await server.foyer.services.db.selectFrom('audit_events').select('id').where('subject_user_id', '=', hal.userId).execute();
      smtp.refuse = true;
      try {
        for (const email of [hal.email, 'nobody-either@example.com']) {
          const refused = await request(email);
          assert.deepEqual([refused.status, refused.body.meta.result_subcode], [503, SUBCODES.mailFailed]);
          assert.match(refused.body.meta.result_msg, /could not be sent/);
        }
      } finally {
        smtp.refuse = false;
      }
      const links = await server.foyer.services.db.selectFrom('password_resets').select('id').where('user_id', '=', hal.userId).execute();
      assert.equal(links.length, 1);
      const afterwards = await server.foyer.services.db.selectFrom('audit_events').select('id').where('subject_user_id', '=', hal.userId).execute();
      assert.deepEqual(afterwards, before);
      // the link mailed before still works: the failed one did not void it
      assert.equal((await server.call('auth.get_password_reset', { token: earlier })).status, 200);
    });

    test('the security log records the request and the reset, never the token or the password', async () => {
      const ivy = await person('Ivy');
      const token = await mailedToken(ivy.email);
      assert.equal((await server.call('auth.reset_password', { token, password: NEW_PASSWORD })).status, 200);
      const rows = await server.foyer.services.db.selectFrom('audit_events').selectAll().where('subject_user_id', '=', ivy.userId).orderBy('id').execute();
      assert.deepEqual(rows.map((row) => row.kind), ['password.reset_requested', 'password.reset', 'sign_in.password']);
      const everything = JSON.stringify(rows);
      assert.doesNotMatch(everything, new RegExp(token.replace(/[-]/g, '\\-')));
      assert.ok(!everything.includes(NEW_PASSWORD));
      const token2 = await mailedToken(ivy.email);
      const links = JSON.stringify(await server.foyer.services.db.selectFrom('password_resets').selectAll().execute());
      assert.ok(!links.includes(token2), 'links are stored as hashes only');
    });
  });
}

describe('password reset without SMTP', () => {
  test('asking for a link says this server cannot send mail', async () => {
    const server = await startServer('sqlite', { FOYER_MODE: 'multi' });
    try {
      await server.createUser({ email: 'kim@example.com', password: PASSWORD, name: 'Kim' });
      assert.equal((await server.call('login.supported_modes', {})).body.data.mail, false);
      const refused = await server.call('auth.request_password_reset', { email: 'kim@example.com' });
      assert.deepEqual([refused.status, refused.body.meta.result_subcode], [400, SUBCODES.mailNotConfigured]);
      assert.match(refused.body.meta.result_msg, /cannot send mail/);
      assert.equal((await server.foyer.services.db.selectFrom('password_resets').select('id').execute()).length, 0);
    } finally {
      await server.close();
    }
  });
});
