// The ways back in: a person whose session ended elsewhere is told why, an account that belongs to no workspace is
// told so and can come back through a new invitation, and no page of another origin can sign a browser in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, dialects, startWithAdmin, type TestServer } from './support/server.ts';

const tokenOf = (url: string) => url.split('/invite/')[1]!;
const PASSWORD = 'person-password-1';

for (const dialect of dialects()) {
  describe(`the way back (${dialect})`, () => {
    let server: TestServer;
    let owner: string;
    let workspace: string;
    before(async () => {
      ({ server, adminToken: owner } = await startWithAdmin(dialect));
      workspace = (await server.call('users.get_current_user', {}, { token: owner })).body.data.user.company.id;
    });
    after(() => server.close());

    async function member(email: string) {
      const { userId } = await server.createUser({ email, password: PASSWORD });
      return { userId, token: await server.login(email, PASSWORD) };
    }
    async function invitation(body: Record<string, unknown> = {}) {
      const created = await server.call('invites.create', { workspace, ...body }, { token: owner });
      assert.equal(created.status, 200, JSON.stringify(created.body.meta));
      return tokenOf(created.body.data.url);
    }
    const memberCount = async () =>
      Number((await server.foyer.services.db.selectFrom('memberships').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspace).executeTakeFirstOrThrow()).n);

    test('a removed member signing in is told the account belongs to no workspace, not that the password is wrong', async () => {
      const bob = await member('bob@example.com');
      assert.equal((await server.call('workspaces.remove_member', { workspace, user: bob.userId }, { token: owner })).status, 200);

      const right = await server.call('auth.login', undefined, { basic: ['bob@example.com', PASSWORD] });
      assert.deepEqual([right.status, right.body.meta.result_subcode, right.body.meta.error_data], [401, 22, { reason: 'no_workspace' }]);
      const wrong = await server.call('auth.login', undefined, { basic: ['bob@example.com', 'not-the-password'] });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.meta.error_data?.reason, undefined, 'a wrong password tells nothing about the account');
    });

    test('sign_in_and_join: an account in no workspace comes back through a new invitation, with its password', async () => {
      const carol = await member('carol@example.com');
      await server.call('workspaces.remove_member', { workspace, user: carol.userId }, { token: owner });
      const token = await invitation({ role: 'admin' });

      const wrong = await server.call('auth.sign_in_and_join', { email: 'carol@example.com', password: 'nope-nope-nope', invite_token: token });
      assert.deepEqual([wrong.status, wrong.body.meta.result_subcode], [401, 22]);
      assert.equal(wrong.headers.get('set-cookie'), null);
      assert.equal((await server.call('invites.get_info', { token })).status, 200, 'a wrong password uses nothing up');

      const joined = await server.call('auth.sign_in_and_join', { email: 'Carol@Example.com', password: PASSWORD, invite_token: token });
      assert.equal(joined.status, 200, JSON.stringify(joined.body.meta));
      assert.deepEqual(joined.body.data, { workspace: { id: workspace, name: joined.body.data.workspace.name }, role: 'admin', already_member: false });
      const cookie = joined.headers.get('set-cookie')!;
      assert.match(cookie, /clearml_token_basic=/);
      const session = cookie.split(';')[0]!;
      const me = await server.call('users.get_current_user', {}, { headers: { cookie: session } });
      assert.deepEqual([me.body.data.user.email, me.body.data.user.company.id], ['carol@example.com', workspace]);
      assert.equal((await server.call('auth.login', undefined, { basic: ['carol@example.com', PASSWORD] })).status, 200, 'and signs in as usual again');
    });

    test('sign_in_and_join: a refused invitation signs no one in and changes nothing; a member already there is signed in there', async () => {
      const dave = await member('dave@example.com');
      await server.call('workspaces.remove_member', { workspace, user: dave.userId }, { token: owner });
      const forOther = await invitation({ email: 'someone-else@example.com' });
      const before = await memberCount();
      const refused = await server.call('auth.sign_in_and_join', { email: 'dave@example.com', password: PASSWORD, invite_token: forOther });
      assert.deepEqual([refused.status, refused.body.meta.error_data.reason], [400, 'not_for_you']);
      assert.equal(refused.headers.get('set-cookie'), null);
      assert.equal(await memberCount(), before);
      assert.equal((await server.call('invites.get_info', { token: forOther })).status, 200, 'the link keeps its use');

      const eve = await member('eve@example.com');
      const link = await invitation();
      const again = await server.call('auth.sign_in_and_join', { email: 'eve@example.com', password: PASSWORD, invite_token: link });
      assert.equal(again.status, 200, JSON.stringify(again.body.meta));
      assert.equal(again.body.data.already_member, true);
      assert.equal(again.body.data.role, 'member');
      assert.match(again.headers.get('set-cookie') ?? '', /clearml_token_basic=/);
      assert.equal((await server.call('invites.get_info', { token: link })).status, 200, 'a member already in uses no seat of the link');
      assert.ok(eve.token);
    });

    test('sign_in_and_join: bad input is a 400 and the password throttle counts its guesses', async () => {
      const token = await invitation();
      for (const body of [{}, { email: 'a@b.c', password: 'x' }, { email: 'a@b.c', password: 'x', invite_token: '' }, { email: 1, password: 'x', invite_token: token }, { email: 'a@b.c', password: 'x', invite_token: token, extra: 1 }]) {
        const result = await server.call('auth.sign_in_and_join', body);
        assert.equal(result.status, 400, JSON.stringify(body));
        assert.equal(result.body.meta.result_code, 400);
      }
      await server.createUser({ email: 'guessed@example.com', password: PASSWORD });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 8; attempt += 1) {
        statuses.push((await server.call('auth.sign_in_and_join', { email: 'guessed@example.com', password: `guess-${attempt}-xxxx`, invite_token: token })).status);
      }
      assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
      assert.deepEqual(statuses.slice(-2), [429, 429], `after the free failures, guesses wait: ${statuses.join(', ')}`);
    });

    test('sign_in_and_join at once: of six accounts racing for one single-use link, exactly one joins and the use is taken once', async () => {
      const racers: Array<{ email: string }> = [];
      for (let i = 0; i < 6; i += 1) {
        const email = `racer-${i}@example.com`;
        const racer = await member(email);
        await server.call('workspaces.remove_member', { workspace, user: racer.userId }, { token: owner });
        racers.push({ email });
      }
      const token = await invitation();
      const before = await memberCount();
      const results = await Promise.all(racers.map(({ email }) => server.call('auth.sign_in_and_join', { email, password: PASSWORD, invite_token: token })));
      assert.equal(results.filter((r) => r.status === 200).length, 1, results.map((r) => r.status).join(', '));
      assert.ok(results.filter((r) => r.status !== 200).every((r) => r.status === 400 && r.body.meta.error_data.reason === 'used_up'));
      assert.ok(results.filter((r) => r.status !== 200).every((r) => r.headers.get('set-cookie') === null), 'the refused are signed in nowhere');
      assert.equal(await memberCount(), before + 1);
      const stored = await server.foyer.services.db.selectFrom('invites').select(['uses', 'max_uses']).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      assert.deepEqual([stored.uses, stored.max_uses], [1, 1]);
    });

    test('a session ended elsewhere says why in error_data.session_ended', async () => {
      const frank = await member('frank@example.com');
      const other = await server.login('frank@example.com', PASSWORD);
      assert.equal((await server.call('users.change_password', { old_password: PASSWORD, new_password: 'frank-new-password-2' }, { token: frank.token })).status, 200);
      const afterPassword = await server.call('users.get_current_user', {}, { token: other });
      assert.deepEqual([afterPassword.status, afterPassword.body.meta.result_subcode, afterPassword.body.meta.error_data], [401, 30, { session_ended: 'password_changed' }]);

      const signedOut = await server.login('frank@example.com', 'frank-new-password-2');
      await server.call('auth.logout', {}, { token: signedOut });
      assert.deepEqual((await server.call('users.get_current_user', {}, { token: signedOut })).body.meta.error_data, { session_ended: 'signed_out' });

      const removed = await server.login('frank@example.com', 'frank-new-password-2');
      await server.call('workspaces.remove_member', { workspace, user: frank.userId }, { token: owner });
      assert.deepEqual((await server.call('users.get_current_user', {}, { token: removed })).body.meta.error_data, { session_ended: 'membership_ended' });

      const grace = await member('grace@example.com');
      const key = await server.createKey(grace.token);
      const keyToken = (await server.call('auth.login', undefined, { basic: [key.access_key, key.secret_key] })).body.data.token;
      await server.call('auth.revoke_credentials', { access_key: key.access_key }, { token: grace.token });
      assert.deepEqual((await server.call('users.get_current_user', {}, { token: keyToken })).body.meta.error_data, { session_ended: 'key_revoked' });
      assert.equal((await server.call('users.get_current_user', {}, { token: grace.token })).status, 200, 'her own session goes on');

      const forged = await server.call('users.get_current_user', {}, { token: `${owner.slice(0, -4)}AAAA` });
      assert.equal(forged.status, 401);
      assert.equal(forged.body.meta.error_data?.session_ended, undefined, 'a token that is not ours is told nothing');
    });

    test('no page of another origin can sign the browser in, create an account or set up the server', async () => {
      const token = await invitation();
      const body = { email: ADMIN.email, password: ADMIN.password, invite_token: token };
      const attacks: Record<string, string>[] = [
        { origin: 'http://127.0.0.1:8081' },
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'same-origin' },
      ];
      for (const headers of attacks) {
        for (const [name, params] of [
          ['auth.sign_in_and_join', body],
          ['auth.sign_up', { ...body, name: 'Mallory' }],
          ['auth.setup_admin', { token: 'x', email: 'm@example.com', password: 'mallory-password', name: 'Mallory' }],
        ] as const) {
          const result = await server.call(name, params, { headers: { ...headers, 'content-type': 'text/plain' } });
          assert.deepEqual([result.status, result.body.meta.result_subcode], [403, 21], `${name} ${JSON.stringify(headers)}`);
          assert.equal(result.headers.get('set-cookie'), null);
        }
      }
      const own = await server.call('auth.sign_in_and_join', body, { headers: { origin: 'http://127.0.0.1:8080' } });
      assert.equal(own.status, 200, JSON.stringify(own.body.meta));
      const sameOrigin = await server.call('auth.sign_in_and_join', body, { viaWeb: true, headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' } });
      assert.equal(sameOrigin.status, 200, JSON.stringify(sameOrigin.body.meta));
      const script = await server.call('auth.sign_in_and_join', body);
      assert.equal(script.status, 200, 'a client that is not a browser sends neither header');
    });

    // last: the administrator may be among those who leave
    test('single mode: every owner leaving at once, the last one is refused and an owner is left', async () => {
      const owners: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const person = await member(`co-owner-${i}@example.com`);
        assert.equal((await server.call('workspaces.set_member_role', { workspace, user: person.userId, role: 'owner' }, { token: owner })).status, 200);
        owners.push(await server.login(`co-owner-${i}@example.com`, PASSWORD));
      }
      const results = await Promise.all([owner, ...owners].map((token) => server.call('workspaces.leave', { workspace }, { token })));
      assert.equal(results.filter((r) => r.status === 200).length, 4, results.map((r) => r.status).join(', '));
      const refused = results.find((r) => r.status !== 200)!;
      assert.match(refused.body.meta.result_msg, /last owner/);
      const left = await server.foyer.services.db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspace).where('role', '=', 'owner').execute();
      assert.equal(left.length, 1);
    });
  });
}
