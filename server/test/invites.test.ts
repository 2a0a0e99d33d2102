import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startWithAdmin, type TestServer } from './support/server.ts';

const tokenOf = (url: string) => url.split('/invite/')[1]!;

for (const dialect of dialects()) {
  describe(`invitation links (${dialect})`, () => {
    let server: TestServer;
    let owner: string;
    let team: string;
    before(async () => {
      ({ server, adminToken: owner } = await startWithAdmin(dialect, { FOYER_MODE: 'multi' }));
      team = (await server.call('workspaces.create', { name: 'Research' }, { token: owner })).body.data.id;
    });
    after(() => server.close());

    async function person(email: string) {
      await server.createUser({ email, password: 'person-password-1', name: email.split('@')[0] });
      return server.login(email, 'person-password-1');
    }

    test('create: a URL on the public web address with at least 128 random bits, stored only hashed', async () => {
      const { status, body } = await server.call('invites.create', { workspace: team }, { token: owner });
      assert.equal(status, 200);
      assert.ok(body.data.url.startsWith('http://127.0.0.1:8080/invite/'));
      const token = tokenOf(body.data.url);
      assert.ok(Buffer.from(token, 'base64url').length >= 16);
      const stored = await server.foyer.services.db.selectFrom('invites').selectAll().where('id', '=', body.data.id).executeTakeFirstOrThrow();
      assert.notEqual(stored.token_hash, token);
      assert.ok(!JSON.stringify(stored).includes(token));
      assert.equal(stored.max_uses, 1, 'single use by default');
      assert.ok(Math.abs(stored.expires_at - stored.created_at - 7 * 24 * 3600 * 1000) < 1000, '7 days by default');
    });

    test('get_info needs no sign-in and tells the workspace, the inviter, the expiry and the limits of the link', async () => {
      const url = (await server.call('invites.create', { workspace: team, expires_in_days: 3 }, { token: owner })).body.data.url;
      const { status, body } = await server.call('invites.get_info', { token: tokenOf(url) });
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body.data).sort(), ['company_name', 'email', 'email_domains', 'expires', 'full', 'mail_available', 'role', 'user_given_name', 'user_name', 'verified_address_required']);
      assert.equal(body.data.company_name, 'Research');
      assert.equal(body.data.user_name, 'Ada Admin');
      assert.deepEqual([body.data.role, body.data.email, body.data.email_domains, body.data.full], ['member', null, null, false]);

      const bound = (await server.call('invites.create', { workspace: team, email: 'Bound@Example.com', role: 'admin' }, { token: owner })).body.data.url;
      const boundInfo = (await server.call('invites.get_info', { token: tokenOf(bound) })).body.data;
      assert.deepEqual([boundInfo.role, boundInfo.email, boundInfo.full], ['admin', 'bound@example.com', false], 'a link holding a seat has that seat');
      const domains = (await server.call('invites.create', { workspace: team, email_domains: ['example.org', 'example.net'], max_uses: 5 }, { token: owner })).body.data.url;
      assert.deepEqual((await server.call('invites.get_info', { token: tokenOf(domains) })).body.data.email_domains, ['example.org', 'example.net']);

      // full: the members and the seats other links hold take every seat the limit allows
      const members = (await server.call('workspaces.get_members', { workspace: team }, { token: owner })).body.data.total;
      assert.equal((await server.call('workspaces.update', { workspace: team, max_members: members + 1 }, { token: owner })).status, 200);
      assert.equal((await server.call('invites.get_info', { token: tokenOf(url) })).body.data.full, true, 'the bound link holds the last seat');
      assert.equal((await server.call('invites.get_info', { token: tokenOf(bound) })).body.data.full, false, 'but not for itself');
      assert.equal((await server.call('workspaces.update', { workspace: team, max_members: null }, { token: owner })).status, 200);
      assert.equal((await server.call('invites.get_info', { token: tokenOf(url) })).body.data.full, false);
      const bogus = await server.call('invites.get_info', { token: 'no-such-token' });
      assert.deepEqual([bogus.status, bogus.body.meta.error_data.reason], [400, 'not_found']);
    });

    test('expiry is 1 to 30 days; role never owner', async () => {
      assert.equal((await server.call('invites.create', { workspace: team, expires_in_days: 31 }, { token: owner })).status, 400);
      assert.equal((await server.call('invites.create', { workspace: team, expires_in_days: 0 }, { token: owner })).status, 400);
      assert.equal((await server.call('invites.create', { workspace: team, role: 'owner' }, { token: owner })).status, 400);
    });

    test('accept: joins with the link\'s role; a used-up, revoked or expired link says which', async () => {
      const erin = await person('erin@example.com');
      const url = (await server.call('invites.create', { workspace: team, role: 'admin' }, { token: owner })).body.data.url;
      const accepted = await server.call('invites.accept', { token: tokenOf(url) }, { token: erin });
      assert.deepEqual(accepted.body.data, { workspace: { id: team, name: 'Research' }, role: 'admin' });
      const again = await server.call('invites.accept', { token: tokenOf(url) }, { token: await person('frank@example.com') });
      assert.deepEqual([again.status, again.body.meta.error_data.reason], [400, 'used_up']);
      assert.deepEqual((await server.call('invites.get_info', { token: tokenOf(url) })).body.meta.error_data.reason, 'used_up');

      const revokedUrl = (await server.call('invites.create', { workspace: team }, { token: owner })).body.data;
      assert.deepEqual((await server.call('invites.revoke', { id: revokedUrl.id }, { token: owner })).body.data, { revoked: 1 });
      const revoked = await server.call('invites.accept', { token: tokenOf(revokedUrl.url) }, { token: await person('gina@example.com') });
      assert.deepEqual([revoked.status, revoked.body.meta.error_data.reason], [400, 'revoked']);

      const expiring = (await server.call('invites.create', { workspace: team }, { token: owner })).body.data;
      await server.foyer.services.db.updateTable('invites').set({ expires_at: Date.now() - 1 }).where('id', '=', expiring.id).execute();
      const expired = await server.call('invites.accept', { token: tokenOf(expiring.url) }, { token: await person('hank@example.com') });
      assert.deepEqual([expired.status, expired.body.meta.result_subcode, expired.body.meta.error_data.reason], [400, 56, 'expired']);
      assert.match(expired.body.meta.result_msg, /expired/);
    });

    test('an email-bound link admits only that address; a domain allowlist only those domains', async () => {
      // on this server (no mail) the owner lets these links admit an address nobody verified (verified-addresses.test.ts: the default)
      const bound = (await server.call('invites.create', { workspace: team, email: 'Ivy@Example.com', accept_unverified: true }, { token: owner })).body.data.url;
      const wrong = await server.call('invites.accept', { token: tokenOf(bound) }, { token: await person('jack@example.com') });
      assert.deepEqual([wrong.status, wrong.body.meta.error_data.reason], [400, 'not_for_you']);
      assert.equal((await server.call('invites.accept', { token: tokenOf(bound) }, { token: await person('ivy@example.com') })).status, 200);
      const domains = (await server.call('invites.create', { workspace: team, email_domains: ['corp.example'], max_uses: 10, accept_unverified: true }, { token: owner })).body.data.url;
      const outsider = await server.call('invites.accept', { token: tokenOf(domains) }, { token: await person('kim@example.com') });
      assert.deepEqual([outsider.status, outsider.body.meta.error_data.reason], [400, 'not_for_you']);
      assert.equal((await server.call('invites.accept', { token: tokenOf(domains) }, { token: await person('lee@corp.example') })).status, 200);
    });

    test('an existing member gets a clear error and the link is not used', async () => {
      const url = (await server.call('invites.create', { workspace: team }, { token: owner })).body.data;
      const self = await server.call('invites.accept', { token: tokenOf(url.url) }, { token: owner });
      assert.deepEqual([self.status, self.body.meta.error_data.reason], [400, 'already_member']);
      const list = await server.call('invites.get_all', { workspace: team }, { token: owner });
      assert.equal(list.body.data.invites.find((i: { id: string }) => i.id === url.id).uses, 0);
      assert.deepEqual(list.body.data.invites.find((i: { id: string }) => i.id === url.id).can, { revoke: true, send: false }, 'no mail on this server: nothing to send with');
    });

    test('get_all: pending and used links, uses left, who joined through each', async () => {
      const link = (await server.call('invites.create', { workspace: team, max_uses: 3 }, { token: owner })).body.data;
      await server.call('invites.accept', { token: tokenOf(link.url) }, { token: await person('mia@example.com') });
      const { body } = await server.call('invites.get_all', { workspace: team }, { token: owner });
      const row = body.data.invites.find((i: { id: string }) => i.id === link.id);
      assert.equal(row.status, 'pending');
      assert.equal(row.uses, 1);
      assert.equal(row.uses_left, 2);
      assert.deepEqual(row.joined.map((j: { user: { email: string } }) => j.user.email), ['mia@example.com']);
      assert.ok(body.data.invites.some((i: { status: string }) => i.status === 'used_up'));
      assert.ok(body.data.invites.some((i: { status: string }) => i.status === 'revoked'));
      assert.ok(!JSON.stringify(body).includes(tokenOf(link.url)), 'the token is never shown again');
    });

    test('a note for the team: trimmed, kept, listed by get_all and never shown to the invitee', async () => {
      const created = await server.call('invites.create', { workspace: team, max_uses: 2, note: '  for the data team 👩‍🔬 ' }, { token: owner });
      assert.equal(created.status, 200, JSON.stringify(created.body.meta));
      assert.equal(created.body.data.note, 'for the data team 👩‍🔬');
      const plain = await server.call('invites.create', { workspace: team, max_uses: 2, note: '   ' }, { token: owner });
      assert.equal(plain.body.data.note, null, 'a blank note is no note');
      const { body } = await server.call('invites.get_all', { workspace: team }, { token: owner });
      const noteOf = (id: string) => body.data.invites.find((i: { id: string }) => i.id === id).note;
      assert.deepEqual([noteOf(created.body.data.id), noteOf(plain.body.data.id)], ['for the data team 👩‍🔬', null]);
      const info = await server.call('invites.get_info', { token: tokenOf(created.body.data.url) });
      assert.ok(!JSON.stringify(info.body.data).includes('data team'), 'the note is for the team, not for whoever holds the link');
      assert.equal(noteOf(created.body.data.id).length, 'for the data team 👩‍🔬'.length);
    });

    test('a bad note is refused with 400 and makes no link', async () => {
      const count = async () => Number((await server.foyer.services.db.selectFrom('invites').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      for (const note of ['x'.repeat(121), 'two\nlines', 'tab\there', 'bell\u0007', 'right-to-left \u202Eevil', 42, ['list']]) {
        const { status, body } = await server.call('invites.create', { workspace: team, note }, { token: owner });
        assert.equal(status, 400, `note ${JSON.stringify(note)}`);
        assert.equal(body.meta.error_data.field, 'note');
      }
      const long = await server.call('invites.create', { workspace: team, note: 'x'.repeat(121) }, { token: owner });
      assert.match(long.body.meta.result_msg, /note.*at most 120 characters/);
      assert.equal(await count(), before);
      assert.equal((await server.call('invites.create', { workspace: team, note: 'y'.repeat(120) }, { token: owner })).status, 200, '120 characters is fine');
    });

    test('seats: single-use email-bound links hold a seat; the last seat cannot be taken twice', async () => {
      const small = (await server.call('workspaces.create', { name: 'Small' }, { token: owner })).body.data.id;
      await server.call('workspaces.update', { workspace: small, max_members: 3 }, { token: owner });
      await server.call('invites.create', { workspace: small, email: 'nora@example.com' }, { token: owner });
      const open = (await server.call('invites.create', { workspace: small, max_uses: 5 }, { token: owner })).body.data.url;
      const members = await server.call('workspaces.get_members', { workspace: small }, { token: owner });
      assert.deepEqual([members.body.data.allocated, members.body.data.held_by_invites, members.body.data.seats_left], [1, 1, 1]);
      assert.equal((await server.call('invites.accept', { token: tokenOf(open) }, { token: await person('oscar@example.com') })).status, 200);
      const full = await server.call('invites.accept', { token: tokenOf(open) }, { token: await person('pia@example.com') });
      assert.deepEqual([full.status, full.body.meta.error_data.reason], [400, 'no_seats']);
      assert.match(full.body.meta.result_msg, /no seats left/);
    });
  });

  describe(`an invitation carries its creator's rights when it is used (${dialect})`, () => {
    let server: TestServer;
    let owner: string;
    before(async () => {
      ({ server, adminToken: owner } = await startWithAdmin(dialect, { FOYER_MODE: 'multi' }));
    });
    after(() => server.close());

    let n = 0;
    async function person(prefix: string) {
      const email = `${prefix}${++n}@example.com`;
      const { userId } = await server.createUser({ email, password: 'person-password-1' });
      return { email, userId, token: await server.login(email, 'person-password-1') };
    }
    async function join(workspace: string, who: { token: string }, role: 'admin' | 'member') {
      const url = (await server.call('invites.create', { workspace, role }, { token: owner })).body.data.url;
      assert.equal((await server.call('invites.accept', { token: tokenOf(url) }, { token: who.token })).status, 200);
    }
    const refusal = (result: { status: number; body: { meta: Record<string, any> } }) => [result.status, result.body.meta.result_subcode, result.body.meta.error_data?.reason];

    test('a demoted admin\'s admin link no longer makes an admin, and says why; their member link still works', async () => {
      const ws = (await server.call('workspaces.create', { name: 'Demotion' }, { token: owner })).body.data.id;
      const admin = await person('admin');
      await join(ws, admin, 'admin');
      const adminLink = (await server.call('invites.create', { workspace: ws, role: 'admin', max_uses: 5 }, { token: admin.token })).body.data;
      const memberLink = (await server.call('invites.create', { workspace: ws, role: 'member' }, { token: admin.token })).body.data;
      assert.equal((await server.call('workspaces.set_member_role', { workspace: ws, user: admin.userId, role: 'member' }, { token: owner })).status, 200);
      await server.call('workspaces.update', { workspace: ws, who_can_invite: 'members' }, { token: owner });

      const info = await server.call('invites.get_info', { token: tokenOf(adminLink.url) });
      assert.deepEqual(refusal(info), [400, 60, 'inviter_lost_rights']);
      const newcomer = await person('newcomer');
      const accepted = await server.call('invites.accept', { token: tokenOf(adminLink.url) }, { token: newcomer.token });
      assert.deepEqual(refusal(accepted), [400, 60, 'inviter_lost_rights']);
      assert.equal(accepted.body.meta.result_msg, 'The person who sent this invitation can no longer invite people as admin. Ask them or an admin for a new one.');
      const members = await server.call('workspaces.get_members', { workspace: ws }, { token: owner });
      assert.ok(!members.body.data.members.some((m: { email: string }) => m.email === newcomer.email), 'nobody joined');

      const list = (await server.call('invites.get_all', { workspace: ws }, { token: owner })).body.data.invites;
      const shown = list.find((i: { id: string }) => i.id === adminLink.id);
      assert.deepEqual([shown.status, shown.usable, shown.uses, shown.refusal?.reason], ['pending', false, 0, 'inviter_lost_rights']);
      assert.equal(list.find((i: { id: string }) => i.id === memberLink.id).usable, true);
      assert.equal((await server.call('invites.accept', { token: tokenOf(memberLink.url) }, { token: newcomer.token })).status, 200, 'a member may still invite members here');
    });

    test('a member\'s link stops admitting when the workspace goes back to "admins invite"', async () => {
      const ws = (await server.call('workspaces.create', { name: 'Closing' }, { token: owner })).body.data.id;
      await server.call('workspaces.update', { workspace: ws, who_can_invite: 'members' }, { token: owner });
      const member = await person('member');
      await join(ws, member, 'member');
      const created = await server.call('invites.create', { workspace: ws, max_uses: 3 }, { token: member.token });
      assert.equal(created.status, 200);
      const link = tokenOf(created.body.data.url);
      assert.equal((await server.call('invites.accept', { token: link }, { token: (await person('early')).token })).status, 200);
      await server.call('workspaces.update', { workspace: ws, who_can_invite: 'admins' }, { token: owner });
      const late = await server.call('invites.accept', { token: link }, { token: (await person('late')).token });
      assert.deepEqual(refusal(late), [400, 60, 'inviter_lost_rights']);
      assert.match(late.body.meta.result_msg, /can no longer invite people to Closing .*Ask an admin of the workspace for a new one/);
      assert.deepEqual(refusal(await server.call('invites.get_info', { token: link })), [400, 60, 'inviter_lost_rights']);
      // signing up through it is refused the same way, and creates no account
      const signUp = await server.call('auth.sign_up', { email: 'through-link@example.com', password: 'through-link-pass-1', name: 'Through Link', invite_token: link });
      assert.deepEqual(refusal(signUp), [400, 60, 'inviter_lost_rights']);
      assert.equal((await server.call('auth.login', {}, { basic: ['through-link@example.com', 'through-link-pass-1'] })).status, 401);
    });
  });

  describe(`creating and using links at once (${dialect})`, () => {
    test('40 email-bound single-use links created at once with 4 seats free: exactly 4 are made', async () => {
      const { server, adminToken } = await startWithAdmin(dialect, { FOYER_MODE: 'multi' });
      try {
        const ws = (await server.call('workspaces.create', { name: 'Seats' }, { token: adminToken })).body.data.id;
        await server.call('workspaces.update', { workspace: ws, max_members: 5 }, { token: adminToken });
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) => server.call('invites.create', { workspace: ws, email: `seat${i}@example.com` }, { token: adminToken })),
        );
        const made = results.filter((r) => r.status === 200).length;
        const refused = results.filter((r) => r.status === 400 && r.body.meta.error_data.reason === 'no_seats').length;
        assert.deepEqual([made, refused], [4, 36]);
        const members = await server.call('workspaces.get_members', { workspace: ws }, { token: adminToken });
        assert.deepEqual([members.body.data.allocated, members.body.data.held_by_invites, members.body.data.seats_left], [1, 4, 0]);
      } finally {
        await server.close();
      }
    });

    test('30 people accept a link with 3 uses and no seat limit: exactly 3 join, the counter says 3', async () => {
      const { server, adminToken } = await startWithAdmin(dialect, { FOYER_MODE: 'multi' });
      try {
        const ws = (await server.call('workspaces.create', { name: 'Uses' }, { token: adminToken })).body.data.id;
        const created = (await server.call('invites.create', { workspace: ws, max_uses: 3 }, { token: adminToken })).body.data;
        const tokens: string[] = [];
        for (let i = 0; i < 30; i++) {
          await server.createUser({ email: `user${i}@example.com`, password: 'uses-password-1' });
          tokens.push(await server.login(`user${i}@example.com`, 'uses-password-1'));
        }
        const results = await Promise.all(tokens.map((token) => server.call('invites.accept', { token: tokenOf(created.url) }, { token })));
        const joined = results.filter((r) => r.status === 200).length;
        const usedUp = results.filter((r) => r.status === 400 && r.body.meta.error_data.reason === 'used_up').length;
        assert.deepEqual([joined, usedUp], [3, 27]);
        const row = await server.foyer.services.db.selectFrom('invites').select(['uses']).where('id', '=', created.id).executeTakeFirstOrThrow();
        assert.equal(row.uses, 3);
        const members = await server.call('workspaces.get_members', { workspace: ws }, { token: adminToken });
        assert.equal(members.body.data.allocated, 4);
      } finally {
        await server.close();
      }
    });
  });

  describe(`accepting at once (${dialect})`, () => {
    test('50 people accept one multi-use link with 3 seats left: exactly 3 join, 47 get "no seats left"', async () => {
      const { server, adminToken } = await startWithAdmin(dialect, { FOYER_MODE: 'multi' });
      try {
        const ws = (await server.call('workspaces.create', { name: 'Crowded' }, { token: adminToken })).body.data.id;
        await server.call('workspaces.update', { workspace: ws, max_members: 4 }, { token: adminToken });
        const link = tokenOf((await server.call('invites.create', { workspace: ws, max_uses: 100 }, { token: adminToken })).body.data.url);
        const tokens: string[] = [];
        for (let i = 0; i < 50; i++) {
          await server.createUser({ email: `racer${i}@example.com`, password: 'racer-password-1' });
          tokens.push(await server.login(`racer${i}@example.com`, 'racer-password-1'));
        }
        const results = await Promise.all(tokens.map((token) => server.call('invites.accept', { token: link }, { token })));
        const joined = results.filter((r) => r.status === 200).length;
        const noSeats = results.filter((r) => r.status === 400 && r.body.meta.error_data.reason === 'no_seats').length;
        assert.deepEqual([joined, noSeats], [3, 47], JSON.stringify(results.filter((r) => r.status !== 200 && r.body.meta.error_data.reason !== 'no_seats').map((r) => r.body.meta)));
        const members = await server.call('workspaces.get_members', { workspace: ws }, { token: adminToken });
        assert.equal(members.body.data.allocated, 4);
        const invites = await server.call('invites.get_all', { workspace: ws }, { token: adminToken });
        assert.equal(invites.body.data.invites[0].uses, 3);
      } finally {
        await server.close();
      }
    });
  });

  describe(`single mode: administrators invite by link (${dialect})`, () => {
    test('an invited person signs up through the link and joins the one workspace; sign-up without a link is refused', async () => {
      const { server, adminToken } = await startWithAdmin(dialect);
      try {
        const ws = (await server.call('users.get_current_user', {}, { token: adminToken })).body.data.user.company.id;
        const closed = await server.call('auth.sign_up', { email: 'walk-in@example.com', password: 'walk-in-pass-1', name: 'Walk In' });
        assert.equal(closed.status, 403);
        const link = tokenOf((await server.call('invites.create', { workspace: ws }, { token: adminToken })).body.data.url);
        const signUp = await server.call('auth.sign_up', { email: 'new@example.com', password: 'newcomer-pass-1', name: 'New Comer', invite_token: link });
        assert.equal(signUp.status, 200);
        assert.deepEqual(signUp.body.data.workspace.id, ws);
        const members = await server.call('workspaces.get_members', { workspace: ws }, { token: adminToken });
        assert.deepEqual(members.body.data.members.map((m: { email: string; role: string }) => [m.email, m.role]), [['admin@example.com', 'owner'], ['new@example.com', 'member']]);
        const reuse = await server.call('auth.sign_up', { email: 'second@example.com', password: 'second-pass-1', name: 'Second', invite_token: link });
        assert.equal(reuse.status, 400);
        assert.equal((await server.call('auth.login', {}, { basic: ['second@example.com', 'second-pass-1'] })).status, 401, 'a refused invitation creates no account');
        const memberToken = await server.login('new@example.com', 'newcomer-pass-1');
        assert.equal((await server.call('invites.create', { workspace: ws }, { token: memberToken })).status, 403, 'members do not invite by default');
      } finally {
        await server.close();
      }
    });
  });
}
