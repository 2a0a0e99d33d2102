// Two-factor sign-in (TOTP): enrolling with a code computed here from the secret the server gave, ten recovery codes
// that each work once, the second step of a password sign-in over the API (401/23 without a code, the code in the
// body or in X-Foyer-OTP, 401/24 for a wrong or replayed one, throttled like a password), key pairs unaffected,
// turning it off with the password and a code, renewing codes, the log entries, and races on both databases.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import type { TwoFactorEnrolment } from '@foyer/contract';
import { dialects, startServer, type TestServer } from './support/server.ts';

const PASSWORD = 'two-factor-password-1';
const STEP_MS = 30_000;

for (const dialect of dialects()) {
  describe(`two-factor sign-in (${dialect})`, () => {
    let server: TestServer;
    // the server's clock, moved a time step at a time so each code is new
    let clock = Date.UTC(2026, 11, 4, 12, 0, 0);

    before(async () => {
      server = await startServer(dialect, { FOYER_MODE: 'multi', FOYER_LOGIN_FREE_FAILURES: '3', FOYER_LOGIN_FREE_FAILURES_PER_IP: '100000' });
      server.foyer.services.now = () => clock;
    });
    after(() => server.close());

    const nextStep = () => (clock += STEP_MS);
    const codeFor = (secret: string, at = clock) => generate({ secret, epoch: Math.floor(at / 1000) });

    let people = 0;
    async function person(name: string) {
      const email = `${name.toLowerCase()}-${++people}@example.com`;
      const { userId } = await server.createUser({ email, password: PASSWORD, name });
      return { email, userId, token: await server.login(email, PASSWORD) };
    }

    async function enrolled(name: string) {
      const someone = await person(name);
      const begun = await server.call('users.begin_two_factor', { password: PASSWORD }, { token: someone.token });
      assert.equal(begun.status, 200, begun.body.meta.result_msg);
      const enrolment = begun.body.data as TwoFactorEnrolment;
      const enabled = await server.call('users.enable_two_factor', { code: await codeFor(enrolment.secret) }, { token: someone.token });
      assert.equal(enabled.status, 200, enabled.body.meta.result_msg);
      nextStep();
      return { ...someone, secret: enrolment.secret, recoveryCodes: enabled.body.data.recovery_codes as string[] };
    }

    const passwordLogin = (email: string, options: { otp?: string; header?: string; password?: string } = {}) =>
      server.call('auth.login', options.otp === undefined ? {} : { otp: options.otp }, {
        basic: [email, options.password ?? PASSWORD],
        ...(options.header ? { headers: { 'x-foyer-otp': options.header } } : {}),
      });

    test('enrolment: a secret, its otpauth URI and a QR code; nothing asked at sign-in until a code confirms it; then ten recovery codes', async () => {
      const ana = await person('Ana');
      assert.deepEqual((await server.call('users.get_two_factor', {}, { token: ana.token })).body.data, { enabled: false, enabled_at: null, recovery_codes_left: 0 });
      const wrongPassword = await server.call('users.begin_two_factor', { password: 'not-it' }, { token: ana.token });
      assert.deepEqual([wrongPassword.status, wrongPassword.body.meta.result_subcode, wrongPassword.body.meta.error_data?.field], [400, 12, 'password']);

      const begun = (await server.call('users.begin_two_factor', { password: PASSWORD }, { token: ana.token })).body.data as TwoFactorEnrolment;
      assert.match(begun.secret, /^[A-Z2-7]{16,}$/);
      const uri = new URL(begun.otpauth_uri);
      assert.equal(uri.protocol, 'otpauth:');
      assert.equal(uri.host, 'totp');
      assert.equal(uri.searchParams.get('secret'), begun.secret);
      assert.equal(uri.searchParams.get('issuer'), 'Foyer');
      assert.match(decodeURIComponent(uri.pathname), new RegExp(ana.email.replace('.', '\\.')));
      assert.match(Buffer.from(begun.qr_code.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8'), /^<svg[\s\S]*<\/svg>\s*$/);
      assert.equal((await passwordLogin(ana.email)).status, 200, 'enrolment not finished: the password alone still signs in');

      const wrong = await server.call('users.enable_two_factor', { code: '000000' === (await codeFor(begun.secret)) ? '111111' : '000000' }, { token: ana.token });
      assert.deepEqual([wrong.status, wrong.body.meta.error_data?.field], [400, 'code']);
      const enabled = await server.call('users.enable_two_factor', { code: await codeFor(begun.secret) }, { token: ana.token });
      assert.equal(enabled.status, 200, enabled.body.meta.result_msg);
      const codes = enabled.body.data.recovery_codes as string[];
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      for (const code of codes) assert.match(code, /^[0-9a-f]{5}(-[0-9a-f]{5}){3}$/);
      const status = (await server.call('users.get_two_factor', {}, { token: ana.token })).body.data;
      assert.equal(status.enabled, true);
      assert.equal(status.recovery_codes_left, 10);
      assert.equal((await server.call('users.begin_two_factor', { password: PASSWORD }, { token: ana.token })).status, 400, 'on already');

      const stored = JSON.stringify(await server.foyer.services.db.selectFrom('two_factor').selectAll().execute()) + JSON.stringify(await server.foyer.services.db.selectFrom('recovery_codes').selectAll().execute());
      assert.ok(!stored.includes(begun.secret), 'the secret is sealed');
      for (const code of codes) assert.ok(!stored.includes(code) && !stored.includes(code.replaceAll('-', '')), 'recovery codes are hashed');
    });

    test('a password sign-in then needs the code: 401/23 without, 401/24 wrong or replayed; in the body or the header; key pairs need none', async () => {
      const bo = await enrolled('Bo');
      const without = await passwordLogin(bo.email);
      assert.deepEqual([without.status, without.body.meta.result_subcode, without.body.meta.error_data?.reason], [401, 23, 'second_factor_required']);
      assert.match(without.body.meta.result_msg, /X-Foyer-OTP/);
      const wrongPassword = await passwordLogin(bo.email, { password: 'nope', otp: await codeFor(bo.secret) });
      assert.equal(wrongPassword.body.meta.result_subcode, 22, 'the password is checked first');

      const code = await codeFor(bo.secret);
      const inBody = await passwordLogin(bo.email, { otp: code });
      assert.equal(inBody.status, 200, inBody.body.meta.result_msg);
      const replayed = await passwordLogin(bo.email, { otp: code });
      assert.deepEqual([replayed.status, replayed.body.meta.result_subcode], [401, 24], 'a code works once');
      nextStep();
      const inHeader = await passwordLogin(bo.email, { header: (await codeFor(bo.secret)).replace(/^(\d{3})/, '$1 ') });
      assert.equal(inHeader.status, 200, 'the header, spaces allowed');
      nextStep();
      nextStep();
      const previousStep = await passwordLogin(bo.email, { otp: await codeFor(bo.secret, clock - STEP_MS) });
      assert.equal(previousStep.status, 200, 'the code of the step just gone still works (a code typed as it turned)');
      const older = await passwordLogin(bo.email, { otp: await codeFor(bo.secret, clock - 3 * STEP_MS) });
      assert.equal(older.status, 401);

      const key = await server.createKey(inBody.body.data.token);
      assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).status, 200, 'the SDK and agents sign in with the key alone');
      assert.equal((await server.call('users.get_current_user', {}, { basic: [key.access_key, key.secret_key] })).status, 200);

      const log = (await server.call('users.get_security_log', { kinds: ['sign_in'] }, { token: inBody.body.data.token })).body.data.events.map((event: { kind: string }) => event.kind);
      assert.ok(log.includes('sign_in.second_factor_failed'));
    });

    test('wrong codes are throttled like wrong passwords: after the free failures (3 here), even the right code waits', async () => {
      const cy = await enrolled('Cy');
      for (let i = 0; i < 4; i++) assert.equal((await passwordLogin(cy.email, { otp: '123456' === (await codeFor(cy.secret)) ? '654321' : '123456' })).status, 401);
      const waiting = await passwordLogin(cy.email, { otp: await codeFor(cy.secret) });
      assert.equal(waiting.status, 429, waiting.body.meta.result_msg);
      await server.foyer.services.db.deleteFrom('login_throttle').execute();
      assert.equal((await passwordLogin(cy.email, { otp: await codeFor(cy.secret) })).status, 200);
    });

    test('a recovery code signs in once; sign-in to join takes the code too', async () => {
      const dee = await enrolled('Dee');
      const [first, second] = dee.recoveryCodes;
      const used = await passwordLogin(dee.email, { otp: first!.toUpperCase() });
      assert.equal(used.status, 200, used.body.meta.result_msg);
      assert.equal((await passwordLogin(dee.email, { otp: first! })).status, 401, 'once only');
      assert.equal((await server.call('users.get_two_factor', {}, { token: used.body.data.token })).body.data.recovery_codes_left, 9);
      const log = (await server.call('users.get_security_log', {}, { token: used.body.data.token })).body.data.events.map((event: { kind: string }) => event.kind);
      assert.deepEqual(log.slice(0, 3), ['sign_in.second_factor_failed', 'sign_in.password', 'sign_in.recovery_code_used'], 'the used code tried again, after the sign-in it made');

      const owner = await person('Owner');
      const workspace = (await server.call('workspaces.create', { name: 'Join me' }, { token: owner.token })).body.data.id as string;
      const invite = await server.call('invites.create', { workspace, role: 'member' }, { token: owner.token });
      const inviteToken = new URL(invite.body.data.url).pathname.split('/').pop()!;
      const noCode = await server.call('auth.sign_in_and_join', { email: dee.email, password: PASSWORD, invite_token: inviteToken });
      assert.deepEqual([noCode.status, noCode.body.meta.result_subcode], [401, 23]);
      const members = async () => (await server.call('workspaces.get_members', { workspace }, { token: owner.token })).body.data.members.length;
      assert.equal(await members(), 1, 'refused: nobody joined');
      const joined = await server.call('auth.sign_in_and_join', { email: dee.email, password: PASSWORD, invite_token: inviteToken, otp: second! });
      assert.equal(joined.status, 200, joined.body.meta.result_msg);
      assert.equal(await members(), 2);
    });

    test('turning it off and renewing codes need the password and a code; a key pair cannot; the log has each', async () => {
      const eve = await enrolled('Eve');
      const token = (await passwordLogin(eve.email, { otp: await codeFor(eve.secret) })).body.data.token as string;
      nextStep();
      const key = await server.createKey(token);
      const keyToken = (await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).body.data.token as string;
      const byKey = await server.call('users.disable_two_factor', { password: PASSWORD, code: await codeFor(eve.secret) }, { token: keyToken });
      assert.deepEqual([byKey.status, byKey.body.meta.result_subcode], [403, 20]);
      assert.equal((await server.call('users.get_two_factor', {}, { token: keyToken })).status, 403);

      const noCode = await server.call('users.disable_two_factor', { password: PASSWORD, code: '99' }, { token });
      assert.deepEqual([noCode.status, noCode.body.meta.error_data?.field], [400, 'code']);
      const wrongPassword = await server.call('users.disable_two_factor', { password: 'nope', code: await codeFor(eve.secret) }, { token });
      assert.deepEqual([wrongPassword.status, wrongPassword.body.meta.error_data?.field], [400, 'password']);

      const renewed = await server.call('users.renew_recovery_codes', { password: PASSWORD, code: await codeFor(eve.secret) }, { token });
      assert.equal(renewed.status, 200, renewed.body.meta.result_msg);
      nextStep();
      assert.equal((await passwordLogin(eve.email, { otp: eve.recoveryCodes[0]! })).status, 401, 'the old codes stopped working');
      const newCode = (renewed.body.data.recovery_codes as string[])[0]!;
      const off = await server.call('users.disable_two_factor', { password: PASSWORD, code: newCode }, { token });
      assert.equal(off.status, 200, off.body.meta.result_msg);
      assert.equal(off.body.data.disabled, 1);
      assert.equal((await passwordLogin(eve.email)).status, 200, 'the password alone again');
      assert.equal((await server.foyer.services.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', eve.userId).execute()).length, 0);
      const log = (await server.call('users.get_security_log', { kinds: ['two_factor'] }, { token })).body.data.events.map((event: { kind: string }) => event.kind);
      assert.deepEqual(log, ['two_factor.disabled', 'two_factor.recovery_codes_renewed', 'two_factor.enabled']);
    });

    test('races: one enrolment confirmed twice at once turns it on once, with one set of ten codes; a new enrolment begun meanwhile voids the old', async () => {
      const gil = await person('Gil');
      const { secret } = (await server.call('users.begin_two_factor', { password: PASSWORD }, { token: gil.token })).body.data as TwoFactorEnrolment;
      const code = await codeFor(secret);
      const enables = await Promise.all(Array.from({ length: 4 }, () => server.call('users.enable_two_factor', { code }, { token: gil.token })));
      assert.equal(enables.filter((enable) => enable.status === 200).length, 1, enables.map((enable) => `${enable.status} ${enable.body.meta.result_msg}`).join(' | '));
      assert.ok(enables.every((enable) => enable.status === 200 || enable.status === 400 || enable.status === 409));
      const codes = await server.foyer.services.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', gil.userId).execute();
      assert.equal(codes.length, 10);
      const winner = enables.find((enable) => enable.status === 200)!.body.data.recovery_codes as string[];
      nextStep();
      assert.equal((await passwordLogin(gil.email, { otp: winner[0]! })).status, 200, 'the codes the winner was shown are the ones that work');

      const hal = await person('Hal');
      const first = (await server.call('users.begin_two_factor', { password: PASSWORD }, { token: hal.token })).body.data as TwoFactorEnrolment;
      const second = (await server.call('users.begin_two_factor', { password: PASSWORD }, { token: hal.token })).body.data as TwoFactorEnrolment;
      assert.notEqual(first.secret, second.secret);
      const stale = await server.call('users.enable_two_factor', { code: await codeFor(first.secret) }, { token: hal.token });
      assert.equal(stale.status, 400, 'the first QR code no longer turns it on');
      assert.equal((await server.call('users.enable_two_factor', { code: await codeFor(second.secret) }, { token: hal.token })).status, 200);
    });

    test('races: one code used by two sign-ins at once signs in one; one recovery code twice, once; two renewals leave ten codes', async () => {
      const fay = await enrolled('Fay');
      const code = await codeFor(fay.secret);
      const logins = await Promise.all(Array.from({ length: 6 }, () => passwordLogin(fay.email, { otp: code })));
      assert.equal(logins.filter((login) => login.status === 200).length, 1, logins.map((login) => login.status).join(','));
      await server.foyer.services.db.deleteFrom('login_throttle').execute();
      const recovery = await Promise.all(Array.from({ length: 6 }, () => passwordLogin(fay.email, { otp: fay.recoveryCodes[0]! })));
      assert.equal(recovery.filter((login) => login.status === 200).length, 1, recovery.map((login) => login.status).join(','));
      await server.foyer.services.db.deleteFrom('login_throttle').execute();

      const token = logins.find((login) => login.status === 200)!.body.data.token as string;
      const renewals = await Promise.all(fay.recoveryCodes.slice(1, 4).map((recoveryCode) => server.call('users.renew_recovery_codes', { password: PASSWORD, code: recoveryCode }, { token })));
      assert.ok(renewals.some((renewal) => renewal.status === 200));
      const left = await server.foyer.services.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', fay.userId).where('used_at', 'is', null).execute();
      assert.equal(left.length, 10, 'one set of ten stands');
    });
  });
}
