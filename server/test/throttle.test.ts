// Sign-in throttling that cannot be sidestepped: parallel guesses are counted before they are checked, one
// spelling of an email address for lookup and throttle alike, and users.change_password waits like a sign-in.
// The server's clock is held still during each test, so the waits it sets neither run out nor pile up midway.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basicAuthorization, dialects, startWithAdmin, type CallResult, type TestServer } from './support/server.ts';
import { normalizeEmail } from '../src/users/store.ts';

const parallel = <T>(n: number, make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => make(i)));

function statuses(results: CallResult[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

const FREE = 3;
const FREE_PER_IP = 8;

for (const dialect of dialects()) {
  describe(`sign-in throttling (${dialect})`, () => {
    let server: TestServer;
    let clock: number;
    let nextUser = 0;
    before(async () => {
      ({ server } = await startWithAdmin(dialect, { FOYER_LOGIN_FREE_FAILURES: String(FREE), FOYER_LOGIN_FREE_FAILURES_PER_IP: String(FREE_PER_IP) }));
      clock = Date.now();
      server.foyer.services.now = () => clock;
    });
    after(() => server.close());

    /** The clock moves on past the longest wait (15 minutes): every wait is over, the counts stay. */
    const passTime = () => {
      clock += 16 * 60 * 1000;
    };
    /** The clock moves on past an hour: failures are forgotten, each test starts afresh. */
    const forgetAll = () => {
      clock += 61 * 60 * 1000;
    };

    async function person(password = 'right-password-1') {
      const email = `person-${nextUser++}@example.com`;
      await server.createUser({ email, password });
      return { email, password };
    }

    const signIn = (email: string, password: string) => server.call('auth.login', {}, { authorization: basicAuthorization(email, password) });

    test('40 parallel wrong guesses of one account: free failures + 1 are checked, the others wait', async () => {
      forgetAll();
      const { email, password } = await person();
      const results = await parallel(40, (i) => signIn(email, `wrong-guess-${i}`));
      assert.deepEqual(statuses(results), { 401: FREE + 1, 429: 40 - FREE - 1 });
      for (const r of results.filter((x) => x.status === 429)) assert.ok(r.body.meta.error_data.retry_after_sec >= 1);
      assert.equal((await signIn(email, password)).status, 429, 'the right password waits too');
      passTime();
      assert.equal((await signIn(email, password)).status, 200, 'after the wait, the right password signs in');
      const { db } = server.foyer.services;
      assert.equal(await db.selectFrom('login_throttle').select('key').where('key', '=', `account:${email}`).executeTakeFirst(), undefined, 'a success clears the account');
      assert.equal((await signIn(email, 'wrong-again')).status, 401, 'the count starts again');
      assert.equal((await signIn(email, password)).status, 200);
    });

    test('40 parallel wrong guesses from one IP across accounts: free failures per IP + 1 are checked, the others wait', async () => {
      forgetAll();
      const results = await parallel(40, (i) => signIn(`nobody-${i}@example.com`, 'wrong-guess'));
      assert.deepEqual(statuses(results), { 401: FREE_PER_IP + 1, 429: 40 - FREE_PER_IP - 1 });
      passTime();
    });

    test('a success gives the IP its ticket back: sign-ins that succeed never add up to a wait', async () => {
      forgetAll();
      const { email, password } = await person();
      for (let i = 0; i < FREE_PER_IP - 1; i++) assert.equal((await signIn(`stranger-${i}@example.com`, 'wrong-guess')).status, 401);
      for (let i = 0; i < 3 * FREE_PER_IP; i++) assert.equal((await signIn(email, password)).status, 200, `sign-in ${i}`);
      assert.equal((await signIn('stranger-last@example.com', 'wrong-guess')).status, 401, 'the IP still has its last free failure');
      assert.equal((await signIn('stranger-over@example.com', 'wrong-guess')).status, 401, 'one over the free failures is checked, and sets the wait');
      assert.equal((await signIn(email, password)).status, 429);
      passTime();
      assert.equal((await signIn(email, password)).status, 200);
    });

    test('one spelling of an address: spaces, tabs, NBSP, ideographic and zero-width spaces, case share the account and its throttle', async () => {
      forgetAll();
      const { email, password } = await person();
      const upper = email.toUpperCase();
      const spellings = [` ${email}`, `\t${email}`, `\u00a0${email}`, `${upper}\u3000`, `\u200b${email}\ufeff`, `\u2003${email}\u2009`, `${email.normalize('NFD')}\u200b`];
      // every wrong guess, however spelled, counts against the one account
      for (let i = 0; i <= FREE; i++) assert.equal((await signIn(spellings[i]!, `wrong-${i}`)).status, 401);
      for (const spelling of [email, ...spellings]) assert.equal((await signIn(spelling, password)).status, 429, JSON.stringify(spelling));
      passTime();
      // each spelling signs in to the same account
      for (const spelling of spellings) assert.equal((await signIn(spelling, password)).status, 200, JSON.stringify(spelling));
      for (const spelling of spellings) assert.equal(normalizeEmail(spelling), email, JSON.stringify(spelling));
    });

    test('one spelling of an address for accounts: a zero-width or NBSP variant of a taken address is the same address', async () => {
      const { email } = await person();
      for (const variant of [`\u00a0${email.toUpperCase()}`, `${email}\u200b`, `\ufeff${email}\t`]) {
        await assert.rejects(server.createUser({ email: variant, password: 'another-password-1' }), /already exists/, JSON.stringify(variant));
      }
      const { db } = server.foyer.services;
      assert.equal((await db.selectFrom('users').select('id').where('email', 'like', `%${email.split('@')[0]}%`).execute()).length, 1);
      const made = await server.createUser({ email: ' \u3000Carol.Case@Example.COM\u200b\t', password: 'carol-password-1' });
      const row = await db.selectFrom('users').select('email').where('id', '=', made.userId).executeTakeFirstOrThrow();
      assert.equal(row.email, 'carol.case@example.com');
      await assert.rejects(server.createUser({ email: 'car\u200bol@example.com', password: 'carol-password-1' }), /not a valid email/, 'invisible characters inside an address are refused');
    });

    test('users.change_password: 40 parallel wrong old passwords get free failures + 1 checks; the others wait, as does the right one', async () => {
      forgetAll();
      const { email, password } = await person();
      const token = await server.login(email, password);
      const results = await parallel(40, (i) => server.call('users.change_password', { old_password: `wrong-old-${i}`, new_password: 'brand-new-password-1' }, { token }));
      assert.deepEqual(statuses(results), { 400: FREE + 1, 429: 40 - FREE - 1 });
      for (const r of results.filter((x) => x.status === 400)) assert.match(r.body.meta.result_msg, /current password is wrong/);
      const right = await server.call('users.change_password', { old_password: password, new_password: 'brand-new-password-1' }, { token });
      assert.equal(right.status, 429, 'the right old password waits too');
      assert.equal((await signIn(email, password)).status, 429, 'and so does a sign-in: the same throttle');
      passTime();
      const changed = await server.call('users.change_password', { old_password: password, new_password: 'brand-new-password-1' }, { token });
      assert.equal(changed.status, 200);
      assert.equal((await signIn(email, 'brand-new-password-1')).status, 200);
    });

    test('users.change_password waits while sign-ins of the account wait', async () => {
      forgetAll();
      const { email, password } = await person();
      const token = await server.login(email, password);
      for (let i = 0; i <= FREE; i++) assert.equal((await signIn(email, `wrong-${i}`)).status, 401);
      const blocked = await server.call('users.change_password', { old_password: password, new_password: 'brand-new-password-2' }, { token });
      assert.equal(blocked.status, 429);
      passTime();
    });

    test('users.change_password: a key pair, or a token a key pair opened, may not change the password (403); a password session may', async () => {
      forgetAll();
      const { email, password } = await person();
      const passwordToken = await server.login(email, password);
      const key = await server.createKey(passwordToken, 'script');
      const keyLogin = await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] });
      assert.equal(keyLogin.status, 200);
      const body = { old_password: password, new_password: 'taken-over-password-1' };
      const byKeyToken = await server.call('users.change_password', body, { token: keyLogin.body.data.token });
      assert.equal(byKeyToken.status, 403);
      assert.equal(byKeyToken.body.meta.result_code, 403);
      assert.match(byKeyToken.body.meta.result_msg, /sign in with your email and password/i);
      const byKey = await server.call('users.change_password', body, { basic: [key.access_key, key.secret_key] });
      assert.equal(byKey.status, 403);
      // a wrong old password through a key pair is refused the same way, before any check: no guessing
      for (let i = 0; i < 2 * FREE + 2; i++) {
        const guess = await server.call('users.change_password', { old_password: `guess-${i}`, new_password: 'taken-over-password-1' }, { token: keyLogin.body.data.token });
        assert.equal(guess.status, 403);
      }
      assert.equal((await signIn(email, password)).status, 200, 'the password is unchanged, and the account not throttled');
      const byPassword = await server.call('users.change_password', body, { basic: [email, password] });
      assert.equal(byPassword.status, 200, 'Basic email:password may');
      const cookieLogin = await signIn(email, 'taken-over-password-1');
      const cookie = `clearml_token_basic=${/clearml_token_basic=([^;]*)/.exec(cookieLogin.headers.get('set-cookie') ?? '')![1]}`;
      const byCookie = await server.call('users.change_password', { old_password: 'taken-over-password-1', new_password: 'third-password-3' }, { headers: { cookie, 'sec-fetch-site': 'same-origin' } });
      assert.equal(byCookie.status, 200, 'a cookie from a password sign-in may');
    });
  });
}
