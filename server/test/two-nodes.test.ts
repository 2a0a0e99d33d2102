// Two Foyer nodes on one database. Each node remembers the sign-ins it has checked (auth/sign-in-cache.ts), so
// these tests first make the second node remember a token or key, then change something through the first node
// (or the CLI, a third process), and expect the second node's very next call to see it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase, type Tx } from '../src/db/database.ts';
import { ADMIN, basicAuthorization, dialects, startSecondNode, startWithAdmin, type TestServer } from './support/server.ts';

const BIN = fileURLToPath(new URL('../bin/foyer.js', import.meta.url));
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

/** Every session row, of every user, as one node's database sees it. */
async function sessionCount(server: TestServer): Promise<number> {
  const row = await server.foyer.services.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

for (const dialect of dialects()) {
  describe(`two nodes on one database (${dialect})`, () => {
    let a: TestServer;
    let b: TestServer;
    let adaToken: string;
    let team: string;

    /** A new person who joined Team through an invitation, signed in on node A. */
    async function newMember(name: string): Promise<{ id: string; email: string; password: string; token: string }> {
      const email = `${name.toLowerCase()}@example.com`;
      const password = `${name.toLowerCase()}-password-1`;
      const invite = await a.call('invites.create', { workspace: team, max_uses: 1 }, { token: adaToken });
      const signUp = await a.call('auth.sign_up', { email, password, name, invite_token: invite.body.data.url.split('/invite/')[1] });
      assert.equal(signUp.status, 200, JSON.stringify(signUp.body.meta));
      return { id: signUp.body.data.user, email, password, token: await a.login(email, password) };
    }

    const me = (server: TestServer, token: string) => server.call('users.get_current_user', {}, { token });
    const refused = async (server: TestServer, token: string, message: string) => {
      const answer = await me(server, token);
      assert.deepEqual([answer.status, answer.body.meta.result_subcode], [401, 30], message);
    };

    before(async () => {
      ({ server: a, adminToken: adaToken } = await startWithAdmin(dialect, { FOYER_MODE: 'multi' }));
      b = await startSecondNode(a, { FOYER_MODE: 'multi' });
      team = (await a.call('workspaces.create', { name: 'Team' }, { token: adaToken })).body.data.id;
    });
    after(async () => {
      await b.close();
      await a.close();
    });

    test('a token signed out on one node is refused by the other on its next call', async () => {
      const bob = await newMember('Bob');
      assert.equal((await me(b, bob.token)).status, 200, 'node B knows the session');
      assert.equal((await me(b, bob.token)).status, 200);
      assert.equal((await a.call('auth.logout', {}, { token: bob.token })).status, 200);
      await refused(b, bob.token, 'node B refuses the signed-out token at once');
    });

    test('revoked credentials: the other node refuses the key (401/22) and the tokens it opened (401/30) at once', async () => {
      const cleo = await newMember('Cleo');
      const key = await a.createKey(cleo.token, 'laptop');
      const keyLogin = await b.call('auth.login', undefined, { basic: [key.access_key, key.secret_key] });
      assert.equal(keyLogin.status, 200, 'node B signs the key in');
      const keyToken = keyLogin.body.data.token as string;
      assert.equal((await me(b, keyToken)).status, 200);
      assert.equal((await b.call('auth.login', undefined, { basic: [key.access_key, key.secret_key] })).status, 200, 'and remembers it');
      const wrongSecret = await b.call('auth.login', undefined, { basic: [key.access_key, `${key.secret_key.slice(0, -1)}x`] });
      assert.deepEqual([wrongSecret.status, wrongSecret.body.meta.result_subcode], [401, 22], 'a remembered key still needs its exact secret');

      assert.equal((await a.call('auth.revoke_credentials', { access_key: key.access_key }, { token: cleo.token })).status, 200);
      const again = await b.call('auth.login', undefined, { basic: [key.access_key, key.secret_key] });
      assert.deepEqual([again.status, again.body.meta.result_subcode], [401, 22]);
      await refused(b, keyToken, 'a token the revoked key opened is refused at once');
      assert.equal((await me(b, cleo.token)).status, 200, "Cleo's password session is untouched");
    });

    test("a new name, workspace role or workspace name shows on the other node at once; removal ends the member's sessions", async () => {
      const dan = await newMember('Dan');
      const before = (await me(b, dan.token)).body.data.user;
      assert.deepEqual([before.name, before.workspace_role, before.company.name, before.role], ['Dan', 'member', 'Team', 'user']);

      assert.equal((await a.call('users.update', { user: dan.id, name: 'Daniel Day', given_name: 'Daniel', family_name: 'Day' }, { token: dan.token })).status, 200);
      const renamed = (await me(b, dan.token)).body.data.user;
      assert.deepEqual([renamed.name, renamed.given_name, renamed.family_name], ['Daniel Day', 'Daniel', 'Day']);

      assert.equal((await a.call('workspaces.set_member_role', { workspace: team, user: dan.id, role: 'admin' }, { token: adaToken })).status, 200);
      const promoted = (await me(b, dan.token)).body.data.user;
      assert.deepEqual([promoted.workspace_role, promoted.role], ['admin', 'admin']);

      assert.equal((await a.call('workspaces.update', { workspace: team, name: 'Team Blue' }, { token: adaToken })).status, 200);
      assert.equal((await me(b, dan.token)).body.data.user.company.name, 'Team Blue');

      assert.equal((await a.call('workspaces.remove_member', { workspace: team, user: dan.id }, { token: adaToken })).status, 200);
      await refused(b, dan.token, 'a removed member is refused at once');
    });

    test('users.change_password on one node signs out the other sessions on the other node, and keeps this one', async () => {
      const eve = await newMember('Eve');
      const laptop = await a.login(eve.email, eve.password);
      assert.equal((await me(b, laptop)).status, 200);
      assert.equal((await me(b, eve.token)).status, 200);
      const changed = await a.call('users.change_password', { old_password: eve.password, new_password: 'eve-new-password-2' }, { token: eve.token });
      assert.equal(changed.status, 200);
      await refused(b, laptop, 'the other session is refused at once');
      assert.equal((await me(b, eve.token)).status, 200, 'the session that changed the password goes on');
    });

    test('the CLI, a separate process, signs a user out on a running node at once', async () => {
      const finn = await newMember('Finn');
      assert.equal((await me(b, finn.token)).status, 200);
      const env = { ...process.env, FOYER_DATA_DIR: a.dataDir, ...(a.databaseUrl ? { DATABASE_URL: a.databaseUrl } : {}) };
      const cli = spawnSync(process.execPath, [BIN, 'users', 'set-password', '--email', finn.email, '--password', 'finn-new-password-2'], { env, encoding: 'utf8' });
      assert.equal(cli.status, 0, cli.stderr);
      assert.match(cli.stdout, /2 session\(s\) signed out/, "the sign-up's session and the sign-in's");
      await refused(b, finn.token, 'node B refuses the session the CLI ended');
      await refused(a, finn.token, 'and so does node A');
    });

    test('key logins that arrive together share a commit; every token works on the other node at once', async () => {
      const key = await a.createKey(adaToken, 'burst');
      const before = await sessionCount(a);
      const logins = await Promise.all(Array.from({ length: 50 }, () => a.call('auth.login', undefined, { basic: [key.access_key, key.secret_key] })));
      assert.deepEqual(new Set(logins.map((login) => login.status)), new Set([200]));
      const tokens = logins.map((login) => login.body.data.token as string);
      assert.equal(new Set(tokens.map((token) => claims(token).session_id)).size, 50, 'fifty distinct sessions');
      const answers = await Promise.all(tokens.map((token) => me(b, token)));
      assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([200]), 'node B finds every session at once');
      assert.equal((await sessionCount(a)) - before, 50);
    });

    test('the auth epoch moves with what ends or alters a sign-in, and not with routine writes', async () => {
      const epoch = async () => Number((await sql<{ value: number }>`select value from auth_epoch where id = 1`.execute(a.foyer.services.db)).rows[0]!.value);
      const gina = await newMember('Gina');
      const key = await a.createKey(gina.token, 'routine');
      const start = await epoch();

      const worker = { 'X-ClearML-Worker': 'host-1' };
      const keyToken = (await a.call('auth.login', undefined, { basic: [key.access_key, key.secret_key], headers: worker })).body.data.token;
      await a.call('users.get_current_user', {}, { token: keyToken, headers: worker });
      await a.call('auth.edit_credentials', { access_key: key.access_key, label: 'renamed' }, { token: gina.token });
      await a.call('users.set_preferences', { preferences: { theme: 'dark' } }, { token: gina.token });
      await a.foyer.services.lastUsed.flush();
      const used = (await a.call('auth.get_credentials', {}, { token: gina.token })).body.data.credentials.find((c: { access_key: string }) => c.access_key === key.access_key);
      assert.equal(used.last_used_from, 'host-1', 'the routine writes did happen');
      assert.equal(await epoch(), start, 'new sessions, last use, labels and preferences leave the epoch alone');

      await a.call('auth.logout', {}, { token: keyToken });
      assert.ok((await epoch()) > start, 'a sign-out moves it');
    });

    test('the epoch read sees only committed changes, also while a transaction is open on the same connection', async () => {
      const opened = openDatabase({ dataDir: a.dataDir, ...(a.databaseUrl ? { databaseUrl: a.databaseUrl } : {}) });
      try {
        const before = await opened.readAuthEpoch();
        const bump = (tx: Tx) => tx.updateTable('auth_epoch').set((eb) => ({ value: eb('value', '+', 1) })).where('id', '=', 1).execute();
        await opened.db
          .transaction()
          .execute(async (tx) => {
            await bump(tx);
            assert.equal(await opened.readAuthEpoch(), before, 'an uncommitted change is not seen');
            throw new Error('roll back');
          })
          .catch((error: Error) => assert.equal(error.message, 'roll back'));
        assert.equal(await opened.readAuthEpoch(), before, 'a rolled-back change is never seen');
        await opened.db.transaction().execute(async (tx) => {
          await bump(tx);
          assert.equal(await opened.readAuthEpoch(), before);
        });
        assert.equal(await opened.readAuthEpoch(), before + 1, 'once committed, it is');
      } finally {
        await opened.close();
      }
    });

    test('the first node still answers for everything the second changed', async () => {
      const hana = await newMember('Hana');
      assert.equal((await me(a, hana.token)).status, 200);
      assert.equal((await b.call('auth.logout', {}, { token: hana.token })).status, 200);
      await refused(a, hana.token, 'node A refuses a token signed out through node B');
      assert.equal((await a.call('auth.login', undefined, { basic: [ADMIN.email, ADMIN.password] })).status, 200);
    });
  });

  describe(`closing a node (${dialect})`, () => {
    test('closing waits for a sign-in still being handled, even when its client has gone; the other node sees its session', async () => {
      const { server: closing } = await startWithAdmin(dialect);
      const other = await startSecondNode(closing);
      try {
        const before = await sessionCount(other);
        // A password sign-in spends tens of milliseconds in argon2 off the event loop: the node closes meanwhile,
        // and the client hangs up, so the HTTP server no longer waits for the call.
        const client = request(`${closing.apiUrl}/auth.login`, {
          method: 'POST',
          headers: { authorization: basicAuthorization(ADMIN.email, ADMIN.password) },
        });
        client.on('error', () => {}); // the hang-up is the point
        const arrived = new Promise<void>((resolve) => closing.foyer.api.server.once('request', () => resolve()));
        client.end();
        await arrived;
        client.destroy();
        await closing.foyer.close();
        assert.equal(await sessionCount(other), before + 1, 'the sign-in finished, with its session written, before the database closed');
      } finally {
        await other.close();
        await closing.close(); // closed already: this removes its data
      }
    });
  });
}
