// Verified addresses, change of address, bound invitations that admit only a verified address, and invitations sent
// by mail: through HTTP, on both databases, with mail read from a real SMTP server (support/smtp.ts), and without one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SUBCODES } from '@foyer/contract';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './support/smtp.ts';
import { dialects, startServer, type TestServer } from './support/server.ts';
import { ensureConfiguredAdmin } from '../src/users/first-admin.ts';

const PASSWORD = 'verified-pass-1';
const tokenOf = (url: string) => url.split('/invite/')[1]!;
/** The token of a verification link: it sits in the URL's fragment. */
const linkToken = (mail: ReceivedMail) => {
  const link = mail.links.find((url) => url.includes('/verify-email#'));
  assert.ok(link, `a verification link in "${mail.subject}": ${mail.text}`);
  return decodeURIComponent(link.split('#')[1]!);
};
const inviteLink = (mail: ReceivedMail) => {
  const link = mail.links.find((url) => url.includes('/invite/'));
  assert.ok(link, `an invitation link in "${mail.subject}"`);
  return tokenOf(link);
};

async function securityLogKinds(server: TestServer, token: string): Promise<string[]> {
  const log = await server.call('users.get_security_log', {}, { token });
  return log.body.data.events.map((event: { kind: string }) => event.kind);
}

for (const dialect of dialects()) {
  describe(`verified addresses without mail (${dialect})`, () => {
    let server: TestServer;
    let owner: string;
    let team: string;

    before(async () => {
      server = await startServer(dialect, { FOYER_MODE: 'multi', FOYER_ADMIN_EMAIL: 'root@example.com', FOYER_ADMIN_PASSWORD: PASSWORD });
      assert.equal(await ensureConfiguredAdmin(server.foyer.services), 'created'); // as `foyer serve` does at start
      await server.createUser({ email: 'olga@example.com', password: PASSWORD, name: 'Olga Owner' });
      owner = await server.login('olga@example.com', PASSWORD);
      team = (await server.call('workspaces.create', { name: 'Team' }, { token: owner })).body.data.id;
    });
    after(() => server.close());

    test('the current user says whether the address is verified; the first administrator, set up by the operator, is', async () => {
      const me = (await server.call('users.get_current_user', {}, { token: owner })).body.data.user;
      assert.deepEqual([me.email_verified, me.pending_email, me.mail_available], [false, null, false]);
      const root = (await server.call('users.get_current_user', {}, { token: await server.login('root@example.com', PASSWORD) })).body.data.user;
      assert.equal(root.email_verified, true);
    });

    test('a bound link refuses an unverified address by default, and admits it when its owner chose so', async () => {
      const bound = (await server.call('invites.create', { workspace: team, email: 'pia@example.com' }, { token: owner })).body.data.url;
      const info = (await server.call('invites.get_info', { token: tokenOf(bound) })).body.data;
      assert.deepEqual([info.verified_address_required, info.mail_available], [true, false]);
      await server.createUser({ email: 'pia@example.com', password: PASSWORD });
      const pia = await server.login('pia@example.com', PASSWORD);
      const refused = await server.call('invites.accept', { token: tokenOf(bound) }, { token: pia });
      assert.deepEqual([refused.status, refused.body.meta.result_subcode, refused.body.meta.error_data.reason], [400, SUBCODES.inviteNeedsVerifiedAddress, 'unverified']);
      assert.equal(refused.body.meta.error_data.mail_available, false);
      assert.match(refused.body.meta.result_msg, /cannot verify addresses/);
      const joinRefused = await server.call('auth.sign_in_and_join', { email: 'pia@example.com', password: PASSWORD, invite_token: tokenOf(bound) });
      assert.deepEqual([joinRefused.status, joinRefused.body.meta.error_data.reason], [400, 'unverified']);

      // a new account through a domain-bound link: refused, and no account is made
      const domains = (await server.call('invites.create', { workspace: team, email_domains: ['corp.example'], max_uses: 5 }, { token: owner })).body.data.url;
      const signUp = await server.call('auth.sign_up', { email: 'quinn@corp.example', password: PASSWORD, name: 'Quinn', invite_token: tokenOf(domains) });
      assert.deepEqual([signUp.status, signUp.body.meta.error_data.reason], [400, 'unverified']);
      assert.equal(await server.foyer.services.db.selectFrom('users').select('id').where('email', '=', 'quinn@corp.example').executeTakeFirst(), undefined, 'no account was made');
      const members = (await server.call('workspaces.get_members', { workspace: team }, { token: owner })).body.data.members;
      assert.deepEqual(members.map((m: { email: string }) => m.email), ['olga@example.com'], 'nobody joined');

      const open = (await server.call('invites.create', { workspace: team, email_domains: ['corp.example'], max_uses: 5, accept_unverified: true }, { token: owner })).body.data;
      assert.equal((await server.call('invites.get_info', { token: tokenOf(open.url) })).body.data.verified_address_required, false);
      const admitted = await server.call('auth.sign_up', { email: 'quinn@corp.example', password: PASSWORD, name: 'Quinn', invite_token: tokenOf(open.url) });
      assert.equal(admitted.status, 200, admitted.body.meta.result_msg);
      assert.deepEqual([admitted.body.data.workspace.id, admitted.body.data.verification_sent, admitted.body.data.waiting_to_join], [team, null, null]);
      const listed = (await server.call('invites.get_all', { workspace: team }, { token: owner })).body.data.invites.find((i: { id: string }) => i.id === open.id);
      assert.deepEqual([listed.accept_unverified, listed.last_sent, listed.can.send], [true, null, false]);

      const unbound = await server.call('invites.create', { workspace: team, accept_unverified: true }, { token: owner });
      assert.deepEqual([unbound.status, unbound.body.meta.error_data.field], [400, 'accept_unverified']);
    });

    test('change of address: at once and unverified, with the password; a taken address is refused; the log says so', async () => {
      await server.createUser({ email: 'rosa@example.com', password: PASSWORD });
      const rosa = await server.login('rosa@example.com', PASSWORD);
      const wrong = await server.call('users.change_email', { email: 'rosa.new@example.com', password: 'not-the-password' }, { token: rosa });
      assert.deepEqual([wrong.status, wrong.body.meta.error_data.field], [400, 'password']);
      const same = await server.call('users.change_email', { email: 'ROSA@example.com', password: PASSWORD }, { token: rosa });
      assert.deepEqual([same.status, same.body.meta.error_data.field], [400, 'email']);
      const taken = await server.call('users.change_email', { email: 'olga@example.com', password: PASSWORD }, { token: rosa });
      assert.deepEqual([taken.status, taken.body.meta.result_subcode], [400, SUBCODES.alreadyExists]);
      assert.ok(!taken.body.meta.result_msg.includes('Olga'), 'whose it is is not said');

      const changed = await server.call('users.change_email', { email: ' Rosa.New@Example.com ', password: PASSWORD }, { token: rosa });
      assert.deepEqual(changed.body.data, { email: 'rosa.new@example.com', changed: true, verification_sent_to: null });
      const me = (await server.call('users.get_current_user', {}, { token: rosa })).body.data.user;
      assert.deepEqual([me.email, me.email_verified], ['rosa.new@example.com', false], 'the same session sees the new address');
      assert.equal((await server.call('auth.login', {}, { basic: ['rosa@example.com', PASSWORD] })).status, 401, 'the old address signs in no more');
      assert.equal((await server.call('auth.login', {}, { basic: ['rosa.new@example.com', PASSWORD] })).status, 200);
      assert.ok((await securityLogKinds(server, rosa)).includes('email.changed'));

      assert.equal((await server.call('users.send_verification_email', {}, { token: rosa })).body.meta.result_subcode, SUBCODES.mailNotConfigured);
    });

    test('two people claiming one address at once: one gets it, the other is refused', async () => {
      const tokens = [];
      for (const name of ['sam', 'tia']) {
        await server.createUser({ email: `${name}@example.com`, password: PASSWORD });
        tokens.push(await server.login(`${name}@example.com`, PASSWORD));
      }
      const results = await Promise.all(tokens.map((token) => server.call('users.change_email', { email: 'wanted@example.com', password: PASSWORD }, { token })));
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 400], JSON.stringify(results.map((r) => r.body.meta.result_msg)));
      assert.equal(results.find((r) => r.status === 400)!.body.meta.result_subcode, SUBCODES.alreadyExists);
      const holders = await server.foyer.services.db.selectFrom('users').select('id').where('email', '=', 'wanted@example.com').execute();
      assert.equal(holders.length, 1);
    });

    test('a key pair cannot change the address', async () => {
      const key = await server.createKey(owner);
      const keyToken = (await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).body.data.token;
      const refused = await server.call('users.change_email', { email: 'olga.moved@example.com', password: PASSWORD }, { token: keyToken });
      assert.deepEqual([refused.status, refused.body.meta.error_data.action], [403, 'user_account.change_email']);
    });
  });

  describe(`verified addresses with mail (${dialect})`, () => {
    let smtp: TestSmtpServer;
    let server: TestServer;
    let owner: string;
    let team: string;
    const later = (ms: number) => {
      server.foyer.services.now = () => Date.now() + ms;
    };

    before(async () => {
      smtp = await startSmtpServer();
      server = await startServer(dialect, { FOYER_MODE: 'multi', ...smtp.env });
      await server.createUser({ email: 'olga@example.com', password: PASSWORD, name: 'Olga Owner' });
      owner = await server.login('olga@example.com', PASSWORD);
      team = (await server.call('workspaces.create', { name: 'Team' }, { token: owner })).body.data.id;
    });
    after(async () => {
      await server.close();
      await smtp.close();
    });

    test('sign-up mails a link; following it verifies the address once; a second use says it was done', async () => {
      const signUp = await server.call('auth.sign_up', { email: 'uma@example.com', password: PASSWORD, name: 'Uma' });
      assert.equal(signUp.body.data.verification_sent, 'uma@example.com');
      const token = (await server.call('auth.login', {}, { basic: ['uma@example.com', PASSWORD] })).body.data.token;
      const before = (await server.call('users.get_current_user', {}, { token })).body.data.user;
      assert.deepEqual([before.email_verified, before.mail_available], [false, true]);
      const mail = await smtp.waitForMail((m) => m.to.includes('uma@example.com'));
      assert.match(mail.subject, /Verify your address/);
      const linkTokenText = linkToken(mail);
      const stored = await server.foyer.services.db.selectFrom('email_links').selectAll().execute();
      assert.ok(!JSON.stringify(stored).includes(linkTokenText), 'only a hash of the token is stored');

      const verified = await server.call('users.verify_email', { token: linkTokenText });
      assert.deepEqual(verified.body.data, { result: 'verified', email: 'uma@example.com', changed: false, joined: null, join_refused: null });
      assert.equal((await server.call('users.get_current_user', {}, { token })).body.data.user.email_verified, true);
      const again = await server.call('users.verify_email', { token: linkTokenText });
      assert.equal(again.body.data.result, 'already_verified');
      assert.ok((await securityLogKinds(server, token)).includes('email.verified'));
      const bogus = await server.call('users.verify_email', { token: 'no-such-link' });
      assert.deepEqual([bogus.status, bogus.body.meta.result_subcode, bogus.body.meta.error_data.reason], [400, SUBCODES.emailLinkUnusable, 'not_found']);
      const resend = await server.call('users.send_verification_email', {}, { token });
      assert.deepEqual([resend.status, resend.body.meta.result_subcode], [400, SUBCODES.validation], 'nothing to verify');
    });

    test('sign-up with the SMTP server down: the account is made, the answer says no link went, and one can be asked for at once', async () => {
      smtp.refuse = true;
      const signUp = await server.call('auth.sign_up', { email: 'dana@example.com', password: PASSWORD, name: 'Dana' });
      smtp.refuse = false;
      assert.equal(signUp.status, 200, signUp.body.meta.result_msg);
      assert.equal(signUp.body.data.verification_sent, null);
      const links = await server.foyer.services.db.selectFrom('email_links').select('id').where('user_id', '=', signUp.body.data.user).execute();
      assert.deepEqual(links, [], 'no link whose mail did not go out');
      const dana = (await server.call('auth.login', {}, { basic: ['dana@example.com', PASSWORD] })).body.data.token;
      assert.equal((await server.call('users.send_verification_email', {}, { token: dana })).status, 200, 'the turn was not taken');
      await smtp.waitForMail((m) => m.to.includes('dana@example.com'));
    });

    test('two uses of one link at once: one verifies it, the other is told it was done', async () => {
      await server.call('auth.sign_up', { email: 'vera@example.com', password: PASSWORD, name: 'Vera' });
      const token = linkToken(await smtp.waitForMail((m) => m.to.includes('vera@example.com')));
      const results = await Promise.all([1, 2, 3, 4].map(() => server.call('users.verify_email', { token })));
      assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200]);
      assert.deepEqual(results.map((r) => r.body.data.result).sort(), ['already_verified', 'already_verified', 'already_verified', 'verified']);
      const entries = await server.foyer.services.db.selectFrom('audit_events').select('id').where('kind', '=', 'email.verified').where('target', 'is', null).execute();
      const vera = await server.foyer.services.db.selectFrom('users').select('id').where('email', '=', 'vera@example.com').executeTakeFirstOrThrow();
      const mine = await server.foyer.services.db.selectFrom('audit_events').select('id').where('kind', '=', 'email.verified').where('subject_user_id', '=', vera.id).execute();
      assert.ok(entries.length >= 1);
      assert.equal(mine.length, 1, 'recorded once');
    });

    test('"Send the link again": throttled, a newer link voids the older, links expire, and SMTP down changes nothing', async () => {
      await server.call('auth.sign_up', { email: 'wren@example.com', password: PASSWORD, name: 'Wren' });
      const first = linkToken(await smtp.waitForMail((m) => m.to.includes('wren@example.com')));
      const wren = (await server.call('auth.login', {}, { basic: ['wren@example.com', PASSWORD] })).body.data.token;
      const tooSoon = await server.call('users.send_verification_email', {}, { token: wren });
      assert.equal(tooSoon.status, 429);
      assert.ok(Number(tooSoon.headers.get('retry-after')) > 0);
      assert.ok(tooSoon.body.meta.error_data.retry_after_sec > 0);

      smtp.clear();
      later(61_000);
      const sent = await server.call('users.send_verification_email', {}, { token: wren });
      assert.deepEqual(sent.body.data, { sent_to: 'wren@example.com' });
      const second = linkToken(await smtp.waitForMail((m) => m.to.includes('wren@example.com')));
      const replaced = await server.call('users.verify_email', { token: first });
      assert.deepEqual([replaced.status, replaced.body.meta.error_data.reason], [400, 'replaced']);

      // SMTP down: the request says so, no link is left behind, the older link keeps working and the turn is given back
      later(122_000);
      const linksBefore = await server.foyer.services.db.selectFrom('email_links').selectAll().execute();
      smtp.refuse = true;
      const down = await server.call('users.send_verification_email', {}, { token: wren });
      smtp.refuse = false;
      assert.deepEqual([down.status, down.body.meta.result_subcode], [503, SUBCODES.mailFailed]);
      assert.deepEqual(await server.foyer.services.db.selectFrom('email_links').selectAll().execute(), linksBefore, 'nothing changed');
      assert.equal((await server.call('users.send_verification_email', {}, { token: wren })).status, 200, 'the turn was given back');
      const third = linkToken(await smtp.waitForMail((m) => m.to.includes('wren@example.com') && !m.text.includes(encodeURIComponent(second))));

      later(122_000 + 24 * 3600 * 1000 + 1000);
      const expired = await server.call('users.verify_email', { token: third });
      assert.deepEqual([expired.status, expired.body.meta.error_data.reason], [400, 'expired']);
      later(0);
      assert.equal((await server.call('users.verify_email', { token: third })).body.data.result, 'verified');
    });

    test('change of address: the link goes to the new address, the old one gets a notice, and it changes when followed', async () => {
      await server.createUser({ email: 'xena@example.com', password: PASSWORD, name: 'Xena' });
      const xena = await server.login('xena@example.com', PASSWORD);
      smtp.clear();
      const asked = await server.call('users.change_email', { email: 'xena@new.example', password: PASSWORD }, { token: xena });
      assert.deepEqual(asked.body.data, { email: 'xena@example.com', changed: false, verification_sent_to: 'xena@new.example' });
      const mail = await smtp.waitForMail((m) => m.to.includes('xena@new.example'));
      assert.match(mail.subject, /Confirm your new address/);
      const notice = await smtp.waitForMail((m) => m.to.includes('xena@example.com'));
      assert.match(notice.text, /xena@new\.example/);
      assert.ok(!notice.text.includes('/verify-email'), 'the notice carries no link that could confirm');
      const waiting = (await server.call('users.get_current_user', {}, { token: xena })).body.data.user;
      assert.deepEqual([waiting.email, waiting.pending_email], ['xena@example.com', 'xena@new.example'], 'unchanged until followed');

      const followed = await server.call('users.verify_email', { token: linkToken(mail) });
      assert.deepEqual([followed.body.data.result, followed.body.data.changed, followed.body.data.email], ['verified', true, 'xena@new.example']);
      const me = (await server.call('users.get_current_user', {}, { token: xena })).body.data.user;
      assert.deepEqual([me.email, me.email_verified, me.pending_email], ['xena@new.example', true, null]);
      const kinds = await securityLogKinds(server, xena);
      assert.ok(kinds.includes('email.changed') && kinds.includes('email.verified'));
    });

    test('a new address right after sign-up is not held up by its mail; new-address links are one a minute, also when asked at once', async () => {
      await server.call('auth.sign_up', { email: 'typo@exmaple.com', password: PASSWORD, name: 'Ty Po' });
      const typo = (await server.call('auth.login', {}, { basic: ['typo@exmaple.com', PASSWORD] })).body.data.token;
      const results = await Promise.all([1, 2, 3].map((i) => server.call('users.change_email', { email: `typo${i}@example.com`, password: PASSWORD }, { token: typo })));
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 429, 429], JSON.stringify(results.map((r) => r.body.meta.result_msg)));
      const changeLinks = await server.foyer.services.db.selectFrom('email_links').select('email').where('purpose', '=', 'change').where('email', 'like', 'typo%').execute();
      assert.equal(changeLinks.length, 1);
    });

    test('a taken address gets the same answer (nobody learns who has an account) and nothing changes; two claims at once: one wins', async () => {
      await server.createUser({ email: 'yuri@example.com', password: PASSWORD, name: 'Yuri' });
      const yuri = await server.login('yuri@example.com', PASSWORD);
      smtp.clear();
      const taken = await server.call('users.change_email', { email: 'olga@example.com', password: PASSWORD }, { token: yuri });
      assert.deepEqual(taken.body.data, { email: 'yuri@example.com', changed: false, verification_sent_to: 'olga@example.com' });
      const notice = await smtp.waitForMail((m) => m.to.includes('olga@example.com'));
      assert.ok(!notice.text.includes('/verify-email'), 'no link for an address that is taken');
      assert.equal((await server.call('users.get_current_user', {}, { token: yuri })).body.data.user.pending_email, null);

      // two people ask for one free address; both links arrive; followed at once, one takes it, the other is told
      await server.createUser({ email: 'zoe@example.com', password: PASSWORD, name: 'Zoe' });
      const zoe = await server.login('zoe@example.com', PASSWORD);
      later(61_000);
      smtp.clear();
      for (const token of [yuri, zoe]) assert.equal((await server.call('users.change_email', { email: 'shared@example.com', password: PASSWORD }, { token })).status, 200);
      await smtp.waitForMail((m) => m.to.includes('shared@example.com') && m.text.includes('Yuri'));
      await smtp.waitForMail((m) => m.to.includes('shared@example.com') && m.text.includes('Zoe'));
      const links = smtp.messages.filter((m) => m.to.includes('shared@example.com')).map(linkToken);
      const results = await Promise.all(links.map((token) => server.call('users.verify_email', { token })));
      later(0);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 400]);
      assert.equal(results.find((r) => r.status === 400)!.body.meta.error_data.reason, 'taken');
      const holders = await server.foyer.services.db.selectFrom('users').select('name').where('email', '=', 'shared@example.com').execute();
      assert.equal(holders.length, 1);
    });

    test('a bound invitation: a new account joins when it follows its link; an existing one is sent a link and joins by it', async () => {
      const info = await server.call('invites.create', { workspace: team, email: 'ann@example.com', accept_unverified: true }, { token: owner });
      assert.deepEqual([info.status, info.body.meta.error_data.field], [400, 'accept_unverified'], 'a server with mail verifies instead');
      const bound = (await server.call('invites.create', { workspace: team, email: 'ann@example.com' }, { token: owner })).body.data.url;
      assert.equal((await server.call('invites.get_info', { token: tokenOf(bound) })).body.data.verified_address_required, true);
      smtp.clear();
      const signUp = await server.call('auth.sign_up', { email: 'ann@example.com', password: PASSWORD, name: 'Ann', invite_token: tokenOf(bound) });
      assert.equal(signUp.status, 200, signUp.body.meta.result_msg);
      assert.deepEqual([signUp.body.data.verification_sent, signUp.body.data.waiting_to_join], ['ann@example.com', 'Team']);
      assert.notEqual(signUp.body.data.workspace.id, team, 'signed in to the personal workspace meanwhile');
      const memberEmails = async () => (await server.call('workspaces.get_members', { workspace: team }, { token: owner })).body.data.members.map((m: { email: string }) => m.email);
      assert.ok(!(await memberEmails()).includes('ann@example.com'), 'not a member before the link is followed');
      const mail = await smtp.waitForMail((m) => m.to.includes('ann@example.com'));
      assert.match(mail.text, /member of Team/);
      const followed = await server.call('users.verify_email', { token: linkToken(mail) });
      assert.deepEqual(followed.body.data.joined, { workspace: { id: team, name: 'Team' }, role: 'member' });
      assert.ok((await memberEmails()).includes('ann@example.com'));

      // an existing, unverified account at a bound domain
      await server.createUser({ email: 'ben@corp.example', password: PASSWORD, name: 'Ben' });
      const ben = await server.login('ben@corp.example', PASSWORD);
      const domains = (await server.call('invites.create', { workspace: team, email_domains: ['corp.example'], max_uses: 5 }, { token: owner })).body.data.url;
      const refused = await server.call('invites.accept', { token: tokenOf(domains) }, { token: ben });
      assert.deepEqual([refused.status, refused.body.meta.error_data.reason, refused.body.meta.error_data.verification_sent], [400, 'unverified', 'ben@corp.example']);
      assert.match(refused.body.meta.result_msg, /We sent a link to ben@corp\.example/);
      const benMail = await smtp.waitForMail((m) => m.to.includes('ben@corp.example'));
      const again = await server.call('auth.sign_in_and_join', { email: 'ben@corp.example', password: PASSWORD, invite_token: tokenOf(domains) });
      assert.deepEqual([again.status, again.body.meta.error_data.verification_sent], [400, 'ben@corp.example'], 'within the minute: the same link is pointed to');
      const joined = await server.call('users.verify_email', { token: linkToken(benMail) });
      assert.equal(joined.body.data.joined.workspace.id, team);
      assert.equal((await server.call('invites.accept', { token: tokenOf(domains) }, { token: ben })).body.meta.error_data.reason, 'already_member');
    });

    test('invite by email: the same invitation, sent with a token of its own, throttled, recorded; SMTP down gives the turn back', async () => {
      const link = (await server.call('invites.create', { workspace: team, max_uses: 3 }, { token: owner })).body.data;
      const missing = await server.call('invites.send', { id: link.id }, { token: owner });
      assert.deepEqual([missing.status, missing.body.meta.error_data.field], [400, 'email']);
      smtp.clear();
      const sent = await server.call('invites.send', { id: link.id, email: 'cleo@example.com' }, { token: owner });
      assert.equal(sent.body.data.sent_to, 'cleo@example.com');
      const mail = await smtp.waitForMail((m) => m.to.includes('cleo@example.com'));
      assert.match(mail.subject, /Olga Owner invited you to Team/);
      const mailedToken = inviteLink(mail);
      assert.notEqual(mailedToken, tokenOf(link.url), 'a token of its own');
      const stored = await server.foyer.services.db.selectFrom('invite_sends').selectAll().execute();
      assert.ok(!JSON.stringify(stored).includes(mailedToken), 'only its hash is stored');
      assert.equal((await server.call('invites.get_info', { token: mailedToken })).body.data.company_name, 'Team');

      const tooSoon = await server.call('invites.send', { id: link.id, email: 'dora@example.com' }, { token: owner });
      assert.equal(tooSoon.status, 429);
      const listed = (await server.call('invites.get_all', { workspace: team }, { token: owner })).body.data.invites.find((i: { id: string }) => i.id === link.id);
      assert.deepEqual([listed.last_sent.to, listed.can.send], ['cleo@example.com', true]);

      await server.createUser({ email: 'cleo@example.com', password: PASSWORD, name: 'Cleo' });
      const cleo = await server.login('cleo@example.com', PASSWORD);
      assert.equal((await server.call('invites.accept', { token: mailedToken }, { token: cleo })).status, 200, 'the mailed link admits as the link does');
      assert.equal((await server.call('invites.get_all', { workspace: team }, { token: owner })).body.data.invites.find((i: { id: string }) => i.id === link.id).uses, 1, 'one invitation, one count of uses');

      later(61_000);
      smtp.refuse = true;
      const down = await server.call('invites.send', { id: link.id, email: 'dora@example.com' }, { token: owner });
      smtp.refuse = false;
      assert.equal(down.status, 503);
      assert.equal((await server.call('invites.send', { id: link.id, email: 'dora@example.com' }, { token: owner })).status, 200, 'the turn was given back');
      later(0);
      const log = await server.call('workspaces.get_audit_log', { workspace: team, kinds: ['invite.sent'] }, { token: owner });
      assert.deepEqual(log.body.data.events.map((e: { details: { to: string } }) => e.details.to), ['dora@example.com', 'cleo@example.com']);

      // a link bound to one address goes to that address only; a domain-bound one to an address at its domains
      const bound = (await server.call('invites.create', { workspace: team, email: 'eli@example.com' }, { token: owner })).body.data;
      const elsewhere = await server.call('invites.send', { id: bound.id, email: 'other@example.com' }, { token: owner });
      assert.deepEqual([elsewhere.status, elsewhere.body.meta.error_data.field], [400, 'email']);
      assert.equal((await server.call('invites.send', { id: bound.id }, { token: owner })).body.data.sent_to, 'eli@example.com');
      const domains = (await server.call('invites.create', { workspace: team, email_domains: ['corp.example'], max_uses: 2 }, { token: owner })).body.data;
      assert.equal((await server.call('invites.send', { id: domains.id, email: 'fay@gmail.example' }, { token: owner })).status, 400);

      // a member who did not make the link, and a revoked link
      const memberLink = (await server.call('invites.create', { workspace: team }, { token: owner })).body.data;
      await server.call('invites.revoke', { id: memberLink.id }, { token: owner });
      const revoked = await server.call('invites.send', { id: memberLink.id, email: 'gil@example.com' }, { token: owner });
      assert.deepEqual([revoked.status, revoked.body.meta.error_data.reason], [400, 'revoked']);
      const stranger = await server.call('invites.send', { id: bound.id }, { token: cleo });
      assert.equal(stranger.status, 403);
    });

    test('the same link sent twice at once: one mail goes out, the other is told to wait', async () => {
      const link = (await server.call('invites.create', { workspace: team }, { token: owner })).body.data;
      const results = await Promise.all([1, 2, 3].map(() => server.call('invites.send', { id: link.id, email: 'hugo@example.com' }, { token: owner })));
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 429, 429]);
      assert.equal((await server.foyer.services.db.selectFrom('invite_sends').select('id').where('invite_id', '=', link.id).execute()).length, 1);
    });
  });
}
