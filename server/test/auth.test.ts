import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startServer, startWithAdmin, ADMIN, type TestServer } from './support/server.ts';
import { createSetupToken } from '../src/users/first-admin.ts';
import type { Db } from '../src/db/database.ts';
import { createSession, newSessionId, purgeExpiredSessions, SessionWriter, storedSessionId } from '../src/auth/sessions.ts';

function claimsOf(token: string) {
  const parts = token.split('.');
  assert.equal(parts.length, 3, 'a JWT has three segments');
  return {
    header: JSON.parse(Buffer.from(parts[0]!, 'base64url').toString()),
    claims: JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()),
  };
}

/** The only user of a server from startWithAdmin, and the workspace they belong to. */
async function theAdministrator(db: Db): Promise<{ admin: string; workspace: string }> {
  const admin = (await db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
  const workspace = (await db.selectFrom('memberships').select('workspace_id').where('user_id', '=', admin).executeTakeFirstOrThrow()).workspace_id;
  return { admin, workspace };
}

function cookieFrom(headers: Headers): string | undefined {
  const set = headers.get('set-cookie') ?? '';
  const match = /clearml_token_basic=([^;]*)/.exec(set);
  return match?.[1];
}

for (const dialect of dialects()) {
  describe(`sign-in and sessions (${dialect})`, () => {
    let server: TestServer;
    let adminToken: string;
    before(async () => {
      ({ server, adminToken } = await startWithAdmin(dialect, { FOYER_LOGIN_FREE_FAILURES: '3', FOYER_LOGIN_FREE_FAILURES_PER_IP: '1000' }));
    });
    after(() => server.close());

    test('auth.login with email:password returns a real HS256 JWT with the contract claims, and sets the cookie', async () => {
      const { status, body, headers } = await server.call('auth.login', undefined, { method: 'GET', basic: [ADMIN.email, ADMIN.password] });
      assert.equal(status, 200);
      const { header, claims } = claimsOf(body.data.token);
      assert.equal(header.alg, 'HS256');
      assert.equal(header.typ, 'JWT');
      assert.equal(claims.identity.role, 'admin');
      assert.equal(claims.identity.user_name, 'Ada Admin');
      assert.match(claims.identity.user, /^[0-9a-f]{32}$/);
      assert.match(claims.identity.company, /^[0-9a-f]{32}$/);
      assert.equal(typeof claims.identity.company_name, 'string');
      assert.match(claims.session_id, /^[0-9a-f]{44}$/);
      assert.ok(Number.isInteger(claims.iat) && Number.isInteger(claims.exp));
      assert.equal(claims.exp - claims.iat, 30 * 24 * 3600);
      assert.match(claims.api_version, /^\d+\.\d+$/);
      assert.ok(Number(claims.api_version.split('.')[1]) >= 23);
      assert.match(claims.server_version, /^\d+(\.\d+)+$/);
      assert.equal(claims.feature_set, 'basic');
      const setCookie = headers.get('set-cookie') ?? '';
      assert.equal(cookieFrom(headers), body.data.token, 'the cookie holds the token as it is');
      assert.match(setCookie, /HttpOnly/i);
      assert.match(setCookie, /SameSite=Lax/i);
      assert.doesNotMatch(setCookie, /Secure/i, 'plain http: no Secure flag');
    });

    test('the cookie authenticates, and Bearer re-login issues a fresh token for the same identity', async () => {
      const login = await server.call('auth.login', {}, { basic: [ADMIN.email, ADMIN.password] });
      const cookie = cookieFrom(login.headers)!;
      const me = await server.call('users.get_current_user', {}, { headers: { cookie: `clearml_token_basic=${cookie}` } });
      assert.equal(me.status, 200);
      assert.equal(me.body.data.user.email, ADMIN.email);
      const again = await server.call('auth.login', {}, { token: adminToken });
      assert.equal(again.status, 200);
      assert.notEqual(claimsOf(again.body.data.token).claims.session_id, claimsOf(adminToken).claims.session_id);
    });

    test('expiration_sec: above one year is 400/12; zero is refused; a value within range is used', async () => {
      const tooLong = await server.call('auth.login', { expiration_sec: 365 * 24 * 3600 + 1 }, { token: adminToken });
      assert.equal(tooLong.status, 400);
      assert.equal(tooLong.body.meta.result_subcode, 12);
      const zero = await server.call('auth.login', { expiration_sec: 0 }, { token: adminToken });
      assert.equal(zero.status, 400);
      const ok = await server.call('auth.login', { expiration_sec: 3600 }, { token: adminToken });
      const { claims } = claimsOf(ok.body.data.token);
      assert.equal(claims.exp - claims.iat, 3600);
    });

    test('no credentials: 401/20; an unknown scheme: 401/10; a garbled Basic header: 401/21; a bad token: 401/30', async () => {
      const none = await server.call('users.get_current_user', {});
      assert.deepEqual([none.status, none.body.meta.result_subcode], [401, 20]);
      const scheme = await server.call('users.get_current_user', {}, { authorization: 'Digest abc' });
      assert.deepEqual([scheme.status, scheme.body.meta.result_subcode], [401, 10]);
      const garbled = await server.call('auth.login', {}, { authorization: 'Basic !!!not-base64' });
      assert.deepEqual([garbled.status, garbled.body.meta.result_subcode], [401, 21]);
      const noColon = await server.call('auth.login', {}, { authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` });
      assert.deepEqual([noColon.status, noColon.body.meta.result_subcode], [401, 21]);
      const bad = await server.call('users.get_current_user', {}, { token: 'not.a.validtoken' });
      assert.deepEqual([bad.status, bad.body.meta.result_subcode], [401, 30]);
    });

    test('a wrong password is 401/22 with a message a person understands', async () => {
      await server.createUser({ email: 'wrong@example.com', password: 'right-password-1' });
      const { status, body } = await server.call('auth.login', {}, { basic: ['wrong@example.com', 'nope-nope'] });
      assert.equal(status, 401);
      assert.equal(body.meta.result_subcode, 22);
      assert.match(body.meta.result_msg, /wrong email or password/);
      const unknown = await server.call('auth.login', {}, { basic: ['nobody@example.com', 'nope-nope'] });
      assert.deepEqual([unknown.status, unknown.body.meta.result_msg], [401, body.meta.result_msg], 'an unknown account looks the same');
    });

    test('emails are case-insensitive', async () => {
      const { status } = await server.call('auth.login', {}, { basic: [ADMIN.email.toUpperCase(), ADMIN.password] });
      assert.equal(status, 200);
    });

    test('auth.logout revokes the token at once and clears the cookie', async () => {
      const token = await server.login(ADMIN.email, ADMIN.password);
      assert.equal((await server.call('users.get_current_user', {}, { token })).status, 200);
      const out = await server.call('auth.logout', {}, { token });
      assert.equal(out.status, 200);
      assert.match(out.headers.get('set-cookie') ?? '', /clearml_token_basic=;/);
      const after = await server.call('users.get_current_user', {}, { token });
      assert.deepEqual([after.status, after.body.meta.result_subcode], [401, 30]);
      const token2 = await server.login(ADMIN.email, ADMIN.password);
      assert.equal((await server.call('login.logout', {}, { token: token2 })).status, 200);
      assert.equal((await server.call('users.get_current_user', {}, { token: token2 })).status, 401);
    });

    test('revoked credentials: the key gets 401/22 and a token issued from it before gets 401/30', async () => {
      const key = await server.createKey(adminToken, 'to revoke');
      const keyToken = (await server.call('auth.login', undefined, { method: 'GET', basic: [key.access_key, key.secret_key] })).body.data.token;
      assert.equal((await server.call('users.get_current_user', {}, { token: keyToken })).status, 200);
      const revoke = await server.call('auth.revoke_credentials', { access_key: key.access_key }, { token: adminToken });
      assert.deepEqual(revoke.body.data, { revoked: 1 });
      const login = await server.call('auth.login', undefined, { method: 'GET', basic: [key.access_key, key.secret_key] });
      assert.deepEqual([login.status, login.body.meta.result_subcode], [401, 22]);
      const old = await server.call('users.get_current_user', {}, { token: keyToken });
      assert.deepEqual([old.status, old.body.meta.result_subcode], [401, 30]);
      assert.equal((await server.call('users.get_current_user', {}, { token: adminToken })).status, 200, 'other sessions are untouched');
    });

    test('wrong passwords are throttled per account with growing waits; the answer says when to retry', async () => {
      await server.createUser({ email: 'victim@example.com', password: 'victim-password-1' });
      for (let i = 0; i < 3; i++) {
        assert.equal((await server.call('auth.login', {}, { basic: ['victim@example.com', `guess-${i}`] })).status, 401);
      }
      assert.equal((await server.call('auth.login', {}, { basic: ['victim@example.com', 'guess-3'] })).status, 401, 'the 4th failure is recorded');
      const blocked = await server.call('auth.login', {}, { basic: ['victim@example.com', 'victim-password-1'] });
      assert.equal(blocked.status, 429, 'even the right password waits while the account is throttled');
      assert.ok(blocked.body.meta.error_data.retry_after_sec >= 1);
      assert.match(blocked.body.meta.result_msg, /Try again in \d+ second/);
      assert.equal(blocked.headers.get('retry-after'), String(blocked.body.meta.error_data.retry_after_sec));
      // other accounts and key logins are not slowed
      assert.equal((await server.call('auth.login', {}, { basic: [ADMIN.email, ADMIN.password] })).status, 200);
    });

    test('a correct key is never slowed, even while its IP is throttled for passwords', async () => {
      const strict = await startServer(dialect, { FOYER_LOGIN_FREE_FAILURES_PER_IP: '1' });
      try {
        await strict.createUser({ email: 'k@example.com', password: 'key-owner-pass-1' });
        const token = await strict.login('k@example.com', 'key-owner-pass-1');
        const key = await strict.createKey(token);
        for (let i = 0; i < 3; i++) await strict.call('auth.login', {}, { basic: [`x${i}@example.com`, 'wrong-wrong'] });
        const blocked = await strict.call('auth.login', {}, { basic: ['k@example.com', 'key-owner-pass-1'] });
        assert.equal(blocked.status, 429, 'passwords from this IP wait');
        const keyLogin = await strict.call('auth.login', undefined, { method: 'GET', basic: [key.access_key, key.secret_key] });
        assert.equal(keyLogin.status, 200);
      } finally {
        await strict.close();
      }
    });

    test('cookie calls that change state are refused from another site or origin; same-origin and Bearer calls pass', async () => {
      const login = await server.call('auth.login', {}, { basic: [ADMIN.email, ADMIN.password] });
      const cookie = `clearml_token_basic=${cookieFrom(login.headers)}`;
      const crossSite = await server.call('auth.create_credentials', { label: 'csrf' }, { headers: { cookie, 'sec-fetch-site': 'cross-site' } });
      assert.equal(crossSite.status, 403);
      const crossOrigin = await server.call('auth.create_credentials', { label: 'csrf' }, { headers: { cookie, origin: 'https://evil.example' } });
      assert.equal(crossOrigin.status, 403);
      const list = await server.call('auth.get_credentials', {}, { token: adminToken });
      assert.ok(!list.body.data.credentials.some((c: { label?: string }) => c.label === 'csrf'), 'nothing was created');
      const sameSite = await server.call('auth.create_credentials', { label: 'csrf' }, { headers: { cookie, 'sec-fetch-site': 'same-site' } });
      assert.equal(sameSite.status, 403, 'another port or subdomain of the same site');
      const sameOrigin = await server.call('auth.create_credentials', { label: 'fine' }, { headers: { cookie, 'sec-fetch-site': 'same-origin' } });
      assert.equal(sameOrigin.status, 200);
      const readCrossSite = await server.call('users.get_current_user', {}, { headers: { cookie, 'sec-fetch-site': 'cross-site' } });
      assert.equal(readCrossSite.status, 200, 'reads are not refused');
      const bearer = await server.call('auth.revoke_credentials', { access_key: sameOrigin.body.data.credentials.access_key }, { token: adminToken, headers: { 'sec-fetch-site': 'cross-site' } });
      assert.equal(bearer.status, 200, 'a Bearer token is not ambient authority');
    });

    test('login.supported_modes tells whether the caller is signed in', async () => {
      const anonymous = await server.call('login.supported_modes', {});
      assert.equal(anonymous.body.data.basic.enabled, true);
      assert.equal(anonymous.body.data.authenticated, false);
      assert.equal(anonymous.body.data.setup_required, false);
      const signedIn = await server.call('login.supported_modes', {}, { token: adminToken });
      assert.equal(signedIn.body.data.authenticated, true);
      const badToken = await server.call('login.supported_modes', {}, { token: 'garbage' });
      assert.deepEqual([badToken.status, badToken.body.data.authenticated], [200, false]);
    });

    test('users.change_password: needs the current one, signs out other sessions, keeps this one', async () => {
      await server.createUser({ email: 'pw@example.com', password: 'first-password-1' });
      const mine = await server.login('pw@example.com', 'first-password-1');
      const other = await server.login('pw@example.com', 'first-password-1');
      const wrong = await server.call('users.change_password', { old_password: 'nope-nope-nope', new_password: 'second-password-2' }, { token: mine });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body.meta.result_msg, /current password is wrong/);
      const short = await server.call('users.change_password', { old_password: 'first-password-1', new_password: 'short' }, { token: mine });
      assert.equal(short.status, 400);
      assert.match(short.body.meta.result_msg, /at least 8/);
      const ok = await server.call('users.change_password', { old_password: 'first-password-1', new_password: 'second-password-2' }, { token: mine });
      assert.equal(ok.status, 200);
      assert.equal((await server.call('users.get_current_user', {}, { token: mine })).status, 200);
      assert.equal((await server.call('users.get_current_user', {}, { token: other })).status, 401);
      assert.equal((await server.call('auth.login', {}, { basic: ['pw@example.com', 'first-password-1'] })).status, 401);
      assert.equal((await server.call('auth.login', {}, { basic: ['pw@example.com', 'second-password-2'] })).status, 200);
    });
  });

  describe(`the session writer (${dialect})`, () => {
    test('sessions written together are all committed; a row that cannot be written fails alone', async () => {
      const { server } = await startWithAdmin(dialect);
      try {
        const { db } = server.foyer.services;
        const { admin, workspace } = await theAdministrator(db);
        const writer = new SessionWriter(db);
        const now = Date.now();
        const row = (userId: string) => ({ userId, workspaceId: workspace, now, expiresAt: now + 60_000, origin: { ip: '127.0.0.1', client: undefined, worker: undefined, userAgent: undefined } });
        // 87 rows in one tick: INSERTs of 64 and 23 rows, one transaction
        const many = await Promise.all(Array.from({ length: 87 }, () => createSession(writer, row(admin))));
        const found = await db.selectFrom('sessions').select('id').where('id', 'in', many.map(storedSessionId)).execute();
        assert.equal(found.length, 87);

        const results = await Promise.allSettled([createSession(writer, row(admin)), createSession(writer, row('no-such-user')), createSession(writer, row(admin))]);
        assert.deepEqual(results.map((result) => result.status), ['fulfilled', 'rejected', 'fulfilled']);
        const written = results.flatMap((result) => (result.status === 'fulfilled' ? [storedSessionId(result.value)] : []));
        assert.equal((await db.selectFrom('sessions').select('id').where('id', 'in', written).execute()).length, 2);
      } finally {
        await server.close();
      }
    });
  });

  if (dialect === 'sqlite') {
    describe('the session writer on SQLite', () => {
      test('sign-ins of one tick are committed and answered before the next turn of the event loop', async () => {
        const { server } = await startWithAdmin(dialect);
        try {
          const { db } = server.foyer.services;
          const { admin, workspace } = await theAdministrator(db);
          const writer = new SessionWriter(db);
          const now = Date.now();
          let nextTurnStarted = false;
          setImmediate(() => (nextTurnStarted = true));
          const ids = await Promise.all(Array.from({ length: 3 }, () => createSession(writer, { userId: admin, workspaceId: workspace, now, expiresAt: now + 60_000, origin: { ip: '127.0.0.1', client: undefined, worker: undefined, userAgent: undefined } })));
          assert.equal(nextTurnStarted, false, 'the sessions were written in this turn, not the next');
          assert.equal((await db.selectFrom('sessions').select('id').where('id', 'in', ids.map(storedSessionId)).execute()).length, 3);
        } finally {
          await server.close();
        }
      });
    });
  }

  describe(`session upkeep (${dialect})`, () => {
    test('the purge drops sessions expired over a day ago, walking the table chunk by chunk, and keeps the rest', async () => {
      const { server } = await startWithAdmin(dialect);
      try {
        const { db } = server.foyer.services;
        const { admin, workspace } = await theAdministrator(db);
        const now = Date.now();
        const day = 24 * 3600 * 1000;
        const before = Number((await db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        // 4,500 sessions (more than two chunks): every third expired two days ago, every third an hour ago (kept: under
        // a day), every third still valid; ids in random order, so expired rows sit in every chunk
        const rows = Array.from({ length: 4500 }, (_, i) => ({
          id: storedSessionId(newSessionId(now - i)),
          user_id: admin,
          workspace_id: workspace,
          credential_id: null,
          created_at: now - 40 * day,
          expires_at: i % 3 === 0 ? now - 2 * day : i % 3 === 1 ? now - 3600_000 : now + day,
        }));
        for (let start = 0; start < rows.length; start += 500) await db.insertInto('sessions').values(rows.slice(start, start + 500)).execute();
        assert.equal(await purgeExpiredSessions(db, now), 1500);
        const left = await db.selectFrom('sessions').select(['id', 'expires_at']).execute();
        assert.equal(left.length, before + 3000);
        assert.ok(left.every((row) => row.expires_at >= now - day), 'nothing expired over a day ago is left');
        assert.equal(await purgeExpiredSessions(db, now), 0, 'a second purge finds nothing');
      } finally {
        await server.close();
      }
    });

    test('a session opened with a key pair is refused once the key pair is revoked, even if the session row was not marked', async () => {
      // What a key login racing the revocation leaves behind: a session row, written after the revocation marked the
      // key pair's sessions, for a key pair that is now revoked.
      const { server, adminToken } = await startWithAdmin(dialect);
      try {
        const key = await server.createKey(adminToken, 'racing');
        const login = await server.call('auth.login', undefined, { basic: [key.access_key, key.secret_key] });
        const token = login.body.data.token as string;
        const { db } = server.foyer.services;
        await db.updateTable('credentials').set({ revoked_at: Date.now() }).where('access_key', '=', key.access_key).execute();
        const sessionId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).session_id as string;
        const row = await db.selectFrom('sessions').select('revoked_at').where('id', '=', storedSessionId(sessionId)).executeTakeFirstOrThrow();
        assert.equal(row.revoked_at, null, 'the session row itself is still unrevoked');
        const me = await server.call('users.get_current_user', {}, { token });
        assert.deepEqual([me.status, me.body.meta.result_subcode], [401, 30]);
      } finally {
        await server.close();
      }
    });
  });

  describe(`first administrator (${dialect})`, () => {
    test('without FOYER_ADMIN_*, a one-time setup link creates the first administrator once', async () => {
      const server = await startServer(dialect);
      try {
        assert.equal((await server.call('login.supported_modes', {})).body.data.setup_required, true);
        const token = await createSetupToken(server.foyer.services.db, Date.now());
        const wrong = await server.call('auth.setup_admin', { token: 'not-the-token', email: 'first@example.com', password: 'first-admin-pw', name: 'First' });
        assert.equal(wrong.status, 400);
        const weak = await server.call('auth.setup_admin', { token, email: 'first@example.com', password: 'short', name: 'First' });
        assert.equal(weak.status, 400, 'a weak password is refused');
        const ok = await server.call('auth.setup_admin', { token, email: 'first@example.com', password: 'first-admin-pw', name: 'First' });
        assert.equal(ok.status, 200, 'the link survived the refused attempt');
        assert.match(ok.headers.get('set-cookie') ?? '', /clearml_token_basic=ey/);
        const me = await server.call('users.get_current_user', {}, { token: await server.login('first@example.com', 'first-admin-pw') });
        assert.equal(me.body.data.user.role, 'admin');
        const reuse = await server.call('auth.setup_admin', { token, email: 'second@example.com', password: 'second-admin-pw', name: 'Second' });
        assert.equal(reuse.status, 400);
        assert.equal((await server.call('login.supported_modes', {})).body.data.setup_required, false);
      } finally {
        await server.close();
      }
    });
  });
}
