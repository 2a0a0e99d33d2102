// Sign-in with an OpenID Connect provider, through HTTP against a real provider (oidc-provider, started here) and a
// real database, SQLite and PostgreSQL: accounts made on first sign-in, memberships from the rules and their
// re-application, linking an existing password account, and every refusal of the callback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { dialects, startServer, httpRequest, type TestServer } from './support/server.ts';
import { startTestProvider, walkProvider, type TestProvider } from './support/oidc-provider.ts';
import { insertWorkspace } from '../src/workspaces/store.ts';

const CLIENT = { client_id: 'foyer-test', client_secret: 'foyer-test-secret-1234567890' };
const PASSWORD = 'oidc-test-password-1';

function providersSetting(provider: TestProvider, extra: object[] = []) {
  return JSON.stringify([
    {
      id: 'corp',
      name: 'Corp ID',
      issuer: provider.issuer,
      ...CLIENT,
      scopes: ['openid', 'email', 'profile', 'groups'],
      rules: [
        { email_domain: 'corp.example', workspace: 'Research', role: 'member' },
        { group: 'ml-admins', workspace: 'Research', role: 'admin' },
        { group: 'platform', workspace: 'Platform', role: 'member' },
      ],
    },
    ...extra,
  ]);
}

interface Began {
  authorizationUrl: string;
  browser: string;
}

async function begin(server: TestServer, providerId = 'corp', browser?: string): Promise<Began> {
  const response = await httpRequest(`${server.webUrl}/auth/oidc/${providerId}/start`, 'GET', browser ? { cookie: `foyer_sso_browser=${browser}` } : {});
  assert.equal(response.status, 303, response.text);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const value = /foyer_sso_browser=([^;]+)/.exec(setCookie)?.[1];
  assert.ok(value, 'the start sets the browser cookie');
  assert.match(setCookie, /HttpOnly/i);
  return { authorizationUrl: response.headers.get('location')!, browser: value };
}

async function finish(server: TestServer, began: Began, callback: string, browser = began.browser) {
  return server.call('auth.oidc_sign_in', { provider: 'corp', callback }, { headers: browser ? { cookie: `foyer_sso_browser=${browser}` } : {} });
}

async function signIn(server: TestServer, account: string) {
  const began = await begin(server);
  const callback = await walkProvider(began.authorizationUrl, account);
  return { began, result: await finish(server, began, callback) };
}

function tokenOf(result: { headers: Headers }): string {
  const token = /clearml_token_basic=([^;]+)/.exec(result.headers.get('set-cookie') ?? '')?.[1];
  assert.ok(token, 'the session cookie is set');
  return token;
}

async function workspacesOf(server: TestServer, userId: string) {
  const rows = await server.foyer.services.db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['w.name', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('w.name')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.name, row.role]));
}

async function userIdOf(server: TestServer, email: string): Promise<string | undefined> {
  return (await server.foyer.services.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id;
}

for (const dialect of dialects()) {
  describe(`OpenID Connect sign-in (${dialect})`, () => {
    let provider: TestProvider;
    let server: TestServer;
    let platformId: string;

    before(async () => {
      provider = await startTestProvider({
        clients: [{ ...CLIENT, redirect_uris: ['http://127.0.0.1:8080/auth/oidc/corp/callback'] }],
        accounts: {
          alice: { email: 'Alice@Corp.example', email_verified: true, name: 'Alice Adams', groups: ['ml-admins', 'platform'] },
          unverified: { email: 'nv@corp.example', email_verified: false, name: 'Not Verified' },
          outsider: { email: 'out@elsewhere.example', email_verified: true, name: 'Out Sider' },
          bob: { email: 'bob@corp.example', email_verified: true, name: 'Bob At Corp' },
          dave: { email: 'dave@corp.example', email_verified: true, name: 'Dave Davis' },
          erin: { email: 'erin@corp.example', email_verified: true, name: 'Erin Full' },
          noemail: { name: 'No Email' },
        },
      });
      server = await startServer(dialect, { FOYER_WORKSPACE_NAME: 'Research', FOYER_OIDC_PROVIDERS: providersSetting(provider) });
      await server.createUser({ email: 'admin@example.com', password: PASSWORD, role: 'admin' });
      platformId = await insertWorkspace(server.foyer.services.db, { name: 'Platform', now: Date.now() });
    });
    after(async () => {
      await server.close();
      await provider.close();
    });

    test('login.supported_modes lists the provider in sso and sso_providers, with the URL that begins a sign-in', async () => {
      const modes = await server.call('login.supported_modes', {});
      assert.deepEqual(modes.body.data.sso, { corp: 'http://127.0.0.1:8080/auth/oidc/corp/start' });
      assert.deepEqual(modes.body.data.sso_providers, [{ id: 'corp', name: 'Corp ID', url: 'http://127.0.0.1:8080/auth/oidc/corp/start' }]);
    });

    test('the start sends the browser to the provider with PKCE (S256), state, nonce and the redirect URI of the public web URL', async () => {
      const { authorizationUrl } = await begin(server);
      const url = new URL(authorizationUrl);
      assert.equal(url.origin, provider.issuer);
      assert.equal(url.searchParams.get('redirect_uri'), 'http://127.0.0.1:8080/auth/oidc/corp/callback');
      assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
      assert.ok(url.searchParams.get('state') && url.searchParams.get('nonce') && url.searchParams.get('code_challenge'));
      assert.equal(url.searchParams.get('scope'), 'openid email profile groups');
    });

    test('a first sign-in makes the account from the verified address, with the memberships the rules give; the session works', async () => {
      const { result } = await signIn(server, 'alice');
      assert.equal(result.status, 200, result.body.meta.result_msg);
      assert.equal(result.body.data.outcome, 'signed_in');
      assert.equal(result.body.data.created, true);
      const token = tokenOf(result);
      const me = await server.call('users.get_current_user', {}, { token });
      assert.equal(me.status, 200);
      assert.equal(me.body.data.user.email, 'alice@corp.example');
      assert.equal(me.body.data.user.name, 'Alice Adams');
      const aliceId = (await userIdOf(server, 'alice@corp.example'))!;
      assert.deepEqual(await workspacesOf(server, aliceId), { Platform: 'member', Research: 'admin' });
      const identities = await server.call('users.get_linked_identities', {}, { token });
      assert.equal(identities.body.data.identities.length, 1);
      assert.equal(identities.body.data.identities[0].provider.name, 'Corp ID');
      const log = await server.call('users.get_security_log', {}, { token });
      const kinds = log.body.data.events.map((event: { kind: string }) => event.kind);
      assert.ok(kinds.includes('sign_in.sso') && kinds.includes('account.created') && kinds.includes('member.joined'), kinds.join());
    });

    test('a later sign-in re-applies the rules: a group gone takes its role and its membership (with the key pairs there); a changed address keeps the account', async () => {
      const aliceId = (await userIdOf(server, 'alice@corp.example'))!;
      const first = await signIn(server, 'alice');
      const token = tokenOf(first.result);
      const switched = await server.call('auth.login', {}, { token, headers: { 'x-clearml-tenant': platformId } });
      assert.equal(switched.status, 200, switched.body.meta.result_msg);
      const key = await server.createKey(switched.body.data.token, 'platform key');
      assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).status, 200);

      provider.accounts.alice = { email: 'alice.adams@corp.example', email_verified: true, name: 'Alice Adams', groups: [] };
      const second = await signIn(server, 'alice');
      assert.equal(second.result.status, 200, second.result.body.meta.result_msg);
      assert.equal(second.result.body.data.created, false);
      assert.equal(await userIdOf(server, 'alice.adams@corp.example'), undefined, 'the account keeps its address; the identity notes the new one');
      assert.deepEqual(await workspacesOf(server, aliceId), { Research: 'member' });
      const refused = await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] });
      assert.equal(refused.status, 401, 'the key pair in the workspace the rules took away stops working');
      const identities = await server.call('users.get_linked_identities', {}, { token: tokenOf(second.result) });
      assert.equal(identities.body.data.identities[0].email, 'alice.adams@corp.example');
    });

    test('a membership given by hand is left as it is by the rules; one the rules gave and someone changed by hand becomes hand-given', async () => {
      const aliceId = (await userIdOf(server, 'alice@corp.example'))!;
      const { db } = server.foyer.services;
      await db.insertInto('memberships').values({ workspace_id: platformId, user_id: aliceId, role: 'admin', joined_at: Date.now(), last_active_at: null }).execute();
      await db.updateTable('memberships').set({ role: 'admin' }).where('user_id', '=', aliceId).where('role', '=', 'member').execute();
      const { result } = await signIn(server, 'alice');
      assert.equal(result.status, 200, result.body.meta.result_msg);
      assert.deepEqual(await workspacesOf(server, aliceId), { Platform: 'admin', Research: 'admin' });
      assert.equal((await db.selectFrom('oidc_memberships').select('workspace_id').where('user_id', '=', aliceId).execute()).length, 0);
      provider.accounts.alice = { email: 'alice@corp.example', email_verified: true, name: 'Alice Adams', groups: ['ml-admins', 'platform'] };
    });

    test('an address the provider has not verified is refused, and no account is made', async () => {
      const { result } = await signIn(server, 'unverified');
      assert.equal(result.status, 400);
      assert.equal(result.body.meta.result_subcode, 1201);
      assert.equal(result.body.meta.error_data.reason, 'email_unverified');
      assert.match(result.body.meta.result_msg, /not verified your address/);
      assert.equal(await userIdOf(server, 'nv@corp.example'), undefined);
      const missing = await signIn(server, 'noemail');
      assert.equal(missing.result.body.meta.error_data.reason, 'email_missing');
    });

    test('a person no rule admits gets no account', async () => {
      const { result } = await signIn(server, 'outsider');
      assert.equal(result.body.meta.error_data.reason, 'no_access');
      assert.equal(await userIdOf(server, 'out@elsewhere.example'), undefined);
    });

    test('a tampered or replayed state, another browser, an expired flow, a changed nonce and a changed signature are refused', async () => {
      const began = await begin(server);
      const callback = await walkProvider(began.authorizationUrl, 'dave');
      const tampered = callback.replace(/state=([^&]+)/, (_m, state: string) => `state=${state.slice(0, -2)}xx`);
      assert.equal((await finish(server, began, tampered)).body.meta.error_data.reason, 'flow_unknown');
      const otherBrowser = await finish(server, began, callback, 'A'.repeat(43));
      assert.equal(otherBrowser.body.meta.error_data.reason, 'other_browser');
      assert.equal((await finish(server, began, callback)).body.meta.error_data.reason, 'flow_unknown', 'the flow was used up by the refused attempt');

      const late = await begin(server);
      const lateCallback = await walkProvider(late.authorizationUrl, 'dave');
      const realNow = server.foyer.services.now;
      server.foyer.services.now = () => Date.now() + 11 * 60 * 1000;
      try {
        assert.equal((await finish(server, late, lateCallback)).body.meta.error_data.reason, 'flow_expired');
      } finally {
        server.foyer.services.now = realNow;
      }

      const nonce = await begin(server);
      const nonceCallback = await walkProvider(nonce.authorizationUrl, 'dave');
      await server.foyer.services.db.updateTable('oidc_flows').set({ nonce: 'another-flows-nonce' }).where('stage', '=', 'authorize').execute();
      const badNonce = await finish(server, nonce, nonceCallback);
      assert.equal(badNonce.body.meta.error_data.reason, 'token_invalid', badNonce.body.meta.result_msg);

      const signed = await begin(server);
      const signedCallback = await walkProvider(signed.authorizationUrl, 'dave');
      provider.tamperNextIdToken();
      const badSignature = await finish(server, signed, signedCallback);
      assert.equal(badSignature.body.meta.error_data.reason, 'token_invalid', badSignature.body.meta.result_msg);
      assert.equal(await userIdOf(server, 'dave@corp.example'), undefined, 'none of them made an account');
    });

    test('a provider that does not answer: the start sends the browser to the page that says so', async () => {
      const other = await startServer(dialect, { FOYER_OIDC_PROVIDERS: providersSetting(provider) });
      provider.down = true;
      try {
        const response = await httpRequest(`${other.webUrl}/auth/oidc/corp/start`, 'GET', {});
        assert.equal(response.status, 303);
        assert.equal(response.headers.get('location'), '/sign-in/problem?reason=provider_unavailable&provider=corp');
        const unknown = await httpRequest(`${other.webUrl}/auth/oidc/nobody/start`, 'GET', {});
        assert.equal(unknown.headers.get('location'), '/sign-in/problem?reason=unknown_provider');
      } finally {
        provider.down = false;
        await other.close();
      }
    });

    test('an existing password account is linked only once its password is typed; then the provider signs it in', async () => {
      const bob = await server.createUser({ email: 'bob@corp.example', password: PASSWORD, name: 'Bob' });
      const { began, result } = await signIn(server, 'bob');
      assert.equal(result.status, 200, result.body.meta.result_msg);
      assert.equal(result.body.data.outcome, 'link_required');
      assert.equal(result.headers.get('set-cookie'), null, 'no session yet');
      const stepToken = result.body.data.step_token as string;
      const cookie = { cookie: `foyer_sso_browser=${began.browser}` };
      const wrong = await server.call('auth.oidc_continue', { step_token: stepToken, password: 'not-the-password' }, { headers: cookie });
      assert.equal(wrong.status, 401);
      const elsewhere = await server.call('auth.oidc_continue', { step_token: stepToken, password: PASSWORD }, {});
      assert.equal(elsewhere.body.meta.error_data.reason, 'step_unknown', 'the step works only in the browser that began it');
      const right = await server.call('auth.oidc_continue', { step_token: stepToken, password: PASSWORD }, { headers: cookie });
      assert.equal(right.status, 200, right.body.meta.result_msg);
      assert.equal(right.body.data.outcome, 'signed_in');
      tokenOf(right);
      const again = await server.call('auth.oidc_continue', { step_token: stepToken, password: PASSWORD }, { headers: cookie });
      assert.equal(again.body.meta.error_data.reason, 'step_unknown');
      const next = await signIn(server, 'bob');
      assert.equal(next.result.body.data.outcome, 'signed_in', 'linked: no password asked again');
      assert.equal(await userIdOf(server, 'bob@corp.example'), bob.userId);
    });

    test('a full workspace refuses the sign-in with its name, and nothing is made', async () => {
      const { db } = server.foyer.services;
      const research = await db.selectFrom('workspaces').select(['id']).where('name', '=', 'Research').executeTakeFirstOrThrow();
      const members = Number((await db.selectFrom('memberships').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', research.id).executeTakeFirstOrThrow()).n);
      await db.updateTable('workspaces').set({ max_members: members }).where('id', '=', research.id).execute();
      try {
        const { result } = await signIn(server, 'erin');
        assert.equal(result.body.meta.error_data.reason, 'workspace_full');
        assert.match(result.body.meta.result_msg, /"Research" has no seat left/);
        assert.equal(await userIdOf(server, 'erin@corp.example'), undefined);
      } finally {
        await db.updateTable('workspaces').set({ max_members: null }).where('id', '=', research.id).execute();
      }
    });

    test('two first sign-ins of the same new person at once make one account; one callback sent twice at once signs in once', async () => {
      const warm = () => Promise.all(Array.from({ length: 8 }, () => sql`select 1`.execute(server.foyer.services.db)));
      const flows = await Promise.all([begin(server), begin(server), begin(server)]);
      const callbacks = await Promise.all(flows.map((flow) => walkProvider(flow.authorizationUrl, 'dave')));
      await warm();
      const results = await Promise.all(flows.map((flow, i) => finish(server, flow, callbacks[i]!)));
      for (const result of results) assert.equal(result.status, 200, result.body.meta.result_msg);
      assert.equal(results.filter((result) => result.body.data.created).length, 1);
      const { db } = server.foyer.services;
      assert.equal((await db.selectFrom('users').select('id').where('email', '=', 'dave@corp.example').execute()).length, 1);
      assert.equal((await db.selectFrom('oidc_identities').select('subject').where('subject', '=', 'dave').execute()).length, 1);

      const once = await begin(server);
      const onceCallback = await walkProvider(once.authorizationUrl, 'dave');
      await warm();
      const twice = await Promise.all([finish(server, once, onceCallback), finish(server, once, onceCallback)]);
      assert.deepEqual(twice.map((result) => result.status).sort(), [200, 400]);
      assert.equal(twice.find((result) => result.status === 400)!.body.meta.error_data.reason, 'flow_unknown');
    });
  });
}
