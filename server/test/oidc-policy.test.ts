// Who may still sign in with a password: FOYER_PASSWORD_SIGNIN=off, and a workspace that requires single sign-on of
// its members (its owners keep their password: the break-glass owners). Key pairs keep working whatever the policy.
// Through HTTP, on SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { dialects, startSecondNode, startServer, type TestServer } from './support/server.ts';

const PASSWORD = 'policy-test-password-1';
const PROVIDERS = JSON.stringify([{ id: 'corp', name: 'Corp ID', issuer: 'https://id.corp.example', client_id: 'foyer', client_secret: 'foyer-secret-0123456789' }]);

for (const dialect of dialects()) {
  describe(`password sign-in policy (${dialect})`, () => {
    let server: TestServer;
    let workspace: string;
    let ownerToken: string;
    let bobKey: { access_key: string; secret_key: string };

    before(async () => {
      server = await startServer(dialect, { FOYER_OIDC_PROVIDERS: PROVIDERS });
      const owner = await server.createUser({ email: 'owner@example.com', password: PASSWORD, role: 'admin' });
      workspace = owner.workspaceId;
      await server.createUser({ email: 'bob@example.com', password: PASSWORD });
      ownerToken = await server.login('owner@example.com', PASSWORD);
      bobKey = await server.createKey(await server.login('bob@example.com', PASSWORD), 'bob agent');
    });
    after(() => server.close());

    test('a member sees the rule and who keeps a password, and may not change it; a key pair may not either', async () => {
      const bobToken = await server.login('bob@example.com', PASSWORD);
      const seen = await server.call('workspaces.get_sign_in_policy', { workspace }, { token: bobToken });
      assert.equal(seen.status, 200, seen.body.meta.result_msg);
      assert.equal(seen.body.data.require_sso, false);
      assert.deepEqual(seen.body.data.providers, [{ id: 'corp', name: 'Corp ID' }]);
      assert.deepEqual(seen.body.data.break_glass.map((owner: { email: string }) => owner.email), ['owner@example.com']);
      assert.equal(seen.body.data.can.change, false);
      assert.equal(seen.body.data.why_not.change, 'Only workspace owners can require single sign-on');
      const refused = await server.call('workspaces.set_sign_in_policy', { workspace, require_sso: true }, { token: bobToken });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.meta.error_data.action, 'sso.require_for_workspace');
      const ownerKey = await server.createKey(ownerToken, 'owner script');
      const byKey = await server.call('workspaces.set_sign_in_policy', { workspace, require_sso: true }, { basic: [ownerKey.access_key, ownerKey.secret_key] });
      assert.equal(byKey.status, 403);
      assert.equal((await server.call('workspaces.get_sign_in_policy', { workspace }, { token: ownerToken })).body.data.require_sso, false);
    });

    test('required: a member’s password no longer signs in (the answer names the workspace and the provider), the owner’s does, key pairs work; lifted: it signs in again', async () => {
      const set = await server.call('workspaces.set_sign_in_policy', { workspace, require_sso: true }, { token: ownerToken });
      assert.equal(set.status, 200, set.body.meta.result_msg);
      const bob = await server.call('auth.login', {}, { basic: ['bob@example.com', PASSWORD] });
      assert.equal(bob.status, 403);
      assert.equal(bob.body.meta.error_data.action, 'sso.sign_in_with_password');
      assert.match(bob.body.meta.result_msg, /requires single sign-on of its members: sign in with Corp ID/);
      const wrong = await server.call('auth.login', {}, { basic: ['bob@example.com', 'not-the-password'] });
      assert.equal(wrong.status, 401, 'a wrong password says only that: the policy is told to whoever knows the password');
      assert.equal((await server.call('auth.login', {}, { basic: ['owner@example.com', PASSWORD] })).status, 200, 'the owner keeps the password');
      assert.equal((await server.call('auth.login', {}, { basic: [bobKey.access_key, bobKey.secret_key] })).status, 200, 'the key pair keeps working');
      const log = await server.call('workspaces.get_audit_log', { workspace }, { token: ownerToken });
      assert.ok(log.body.data.events.some((event: { kind: string; details: { require_sso?: boolean } }) => event.kind === 'workspace.settings_changed' && event.details.require_sso === true));
      assert.equal((await server.call('workspaces.set_sign_in_policy', { workspace, require_sso: false }, { token: ownerToken })).status, 200);
      assert.equal((await server.call('auth.login', {}, { basic: ['bob@example.com', PASSWORD] })).status, 200);
    });

    test('the same change sent four times at once is made and logged once', async () => {
      const logged = async () => {
        const entries = await server.foyer.services.db
          .selectFrom('audit_events')
          .select('details')
          .where('workspace_id', '=', workspace)
          .where('kind', '=', 'workspace.settings_changed')
          .execute();
        return entries.filter((entry) => JSON.parse(entry.details).require_sso === true).length;
      };
      const before = await logged();
      await Promise.all(Array.from({ length: 8 }, () => sql`select 1`.execute(server.foyer.services.db)));
      const results = await Promise.all(Array.from({ length: 4 }, () => server.call('workspaces.set_sign_in_policy', { workspace, require_sso: true }, { token: ownerToken })));
      for (const result of results) assert.equal(result.status, 200, result.body.meta.result_msg);
      assert.equal((await logged()) - before, 1);
      await server.call('workspaces.set_sign_in_policy', { workspace, require_sso: false }, { token: ownerToken });
    });

    test('FOYER_PASSWORD_SIGNIN=off: passwords sign in the server’s administrators only; key pairs keep working', async () => {
      const node = await startSecondNode(server, { FOYER_PASSWORD_SIGNIN: 'off', FOYER_OIDC_PROVIDERS: PROVIDERS });
      try {
        const modes = await node.call('login.supported_modes', {});
        assert.equal(modes.body.data.password_sign_in, false);
        const bob = await node.call('auth.login', {}, { basic: ['bob@example.com', PASSWORD] });
        assert.equal(bob.status, 403);
        assert.match(bob.body.meta.result_msg, /does not take passwords for signing in: sign in with Corp ID/);
        assert.equal((await node.call('auth.login', {}, { basic: ['owner@example.com', PASSWORD] })).status, 200);
        assert.equal((await node.call('auth.login', {}, { basic: [bobKey.access_key, bobKey.secret_key] })).status, 200);
      } finally {
        await node.close();
      }
    });

    test('a server without providers: the owner is told why single sign-on cannot be required', async () => {
      const node = await startSecondNode(server, {});
      try {
        const token = await node.login('owner@example.com', PASSWORD);
        const refused = await node.call('workspaces.set_sign_in_policy', { workspace, require_sso: true }, { token });
        assert.equal(refused.status, 403);
        assert.match(refused.body.meta.result_msg, /no sign-in provider/);
      } finally {
        await node.close();
      }
    });
  });
}
