// The security log (a person's own account) and the audit log (a workspace's): what is recorded, by whom, from where;
// who may read which; paging by cursor, filters, retention; never a secret in an entry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent, AuditPage } from '@foyer/contract';
import { purgeOldAuditEvents } from '../src/audit/store.ts';
import { dialects, startServer, type TestServer } from './support/server.ts';

const PASSWORD = 'audit-password-1';
const SDK_HEADERS = { 'x-clearml-client': 'clearml-1.17.0', 'x-clearml-worker': 'gpu-03', 'user-agent': 'python-requests/2.31.0' };
const DAY_MS = 24 * 3600 * 1000;

for (const dialect of dialects()) {
  describe(`security and audit logs (${dialect})`, () => {
    let server: TestServer;

    before(async () => {
      server = await startServer(dialect, { FOYER_MODE: 'multi', FOYER_LOGIN_FREE_FAILURES: '2', FOYER_LOGIN_FREE_FAILURES_PER_IP: '100000', FOYER_AUDIT_RETENTION_DAYS: '30', FOYER_TRUST_PROXY: 'true' });
    });
    after(() => server.close());

    let people = 0;
    async function person(name = 'person') {
      const email = `${name.toLowerCase()}-${++people}@example.com`;
      const { userId, workspaceId } = await server.createUser({ email, password: PASSWORD, name });
      const token = await server.login(email, PASSWORD);
      return { email, userId, workspaceId, token };
    }

    async function securityLog(token: string, body: Record<string, unknown> = {}): Promise<AuditPage> {
      const result = await server.call('users.get_security_log', body, { token });
      assert.equal(result.status, 200, result.body.meta.result_msg);
      return result.body.data;
    }
    async function auditLog(token: string, body: Record<string, unknown>): Promise<AuditPage> {
      const result = await server.call('workspaces.get_audit_log', body, { token });
      assert.equal(result.status, 200, result.body.meta.result_msg);
      return result.body.data;
    }
    const kinds = (events: AuditEvent[]) => events.map((event) => event.kind);
    const auditRows = async () => (await server.foyer.services.db.selectFrom('audit_events').selectAll().execute()).length;

    test("a person's sign-ins, failures, waits, key pairs, password and sessions are in their own log, newest first, with where they came from", async () => {
      const ana = await person('Ana');
      for (let i = 0; i < 3; i++) assert.equal((await server.call('auth.login', {}, { basic: [ana.email, 'not-the-password'] })).status, 401);
      const waiting = await server.call('auth.login', {}, { basic: [ana.email, PASSWORD] });
      assert.equal(waiting.status, 429, 'two free failures, a third that makes the next attempt wait');
      await server.foyer.services.db.deleteFrom('login_throttle').execute(); // the wait ends with the throttle's rows

      const key = await server.createKey(ana.token, 'training box');
      const sdk = await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key], headers: SDK_HEADERS });
      assert.equal(sdk.status, 200);
      assert.equal((await server.call('auth.edit_credentials', { access_key: key.access_key, label: 'gpu box' }, { token: ana.token })).status, 200);
      assert.equal((await server.call('auth.revoke_credentials', { access_key: key.access_key }, { token: ana.token })).status, 200);
      assert.equal((await server.call('users.change_password', { old_password: PASSWORD, new_password: 'audit-password-2' }, { token: ana.token })).status, 200);

      const { events, next_cursor, retention_days } = await securityLog(ana.token);
      assert.equal(retention_days, 30);
      assert.equal(next_cursor, null);
      assert.deepEqual(kinds(events), ['password.changed', 'key.revoked', 'key.relabelled', 'sign_in.key', 'key.created', 'sign_in.throttled', 'sign_in.failed', 'sign_in.failed', 'sign_in.failed', 'sign_in.password']);
      const byKind = Object.fromEntries(events.map((event) => [event.kind, event]));
      assert.equal(byKind['sign_in.failed']!.actor, null, 'nobody was signed in');
      assert.deepEqual(byKind['sign_in.failed']!.subject, { id: ana.userId, name: 'Ana', email: ana.email });
      assert.equal(byKind['sign_in.key']!.target, key.access_key);
      assert.deepEqual(byKind['sign_in.key']!.client, { kind: 'sdk', name: 'ClearML SDK', version: '1.17.0', host: 'gpu-03' });
      assert.match(byKind['sign_in.key']!.ip ?? '', /127\.0\.0\.1/);
      assert.deepEqual(byKind['key.relabelled']!.details, { label: 'gpu box' });
      assert.deepEqual(byKind['password.changed']!.details, { ended_other_sessions: true });
      assert.deepEqual(byKind['sign_in.password']!.workspace, { id: ana.workspaceId, name: byKind['sign_in.password']!.workspace!.name });

      const stored = JSON.stringify(await server.foyer.services.db.selectFrom('audit_events').selectAll().execute());
      for (const secret of [key.secret_key, PASSWORD, 'audit-password-2', 'not-the-password']) assert.ok(!stored.includes(secret), 'no secret is ever kept in an entry');
    });

    test('a key pair signing in again and again from the same place is kept once an hour; from another machine, once more', async () => {
      const bo = await person('Bo');
      const key = await server.createKey(bo.token);
      for (let i = 0; i < 5; i++) assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key], headers: SDK_HEADERS })).status, 200);
      assert.equal((await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key], headers: { ...SDK_HEADERS, 'x-clearml-worker': 'gpu-04' } })).status, 200);
      const { events } = await securityLog(bo.token, { kinds: ['sign_in'] });
      assert.deepEqual(
        events.filter((event) => event.kind === 'sign_in.key').map((event) => event.client?.host),
        ['gpu-04', 'gpu-03'],
      );
    });

    test('a key pair used before, signing in from an address it never came from, is marked as used from a new place', async () => {
      const ida = await person('Ida');
      const key = await server.createKey(ida.token);
      const from = (ip: string, worker: string) => server.call('auth.login', {}, { basic: [key.access_key, key.secret_key], headers: { ...SDK_HEADERS, 'x-forwarded-for': ip, 'x-clearml-worker': worker } });
      assert.equal((await from('10.0.0.5', 'gpu-1')).status, 200); // its first use: nothing to compare with
      assert.equal((await from('10.0.0.5', 'gpu-2')).status, 200); // another machine behind the same address
      assert.equal((await from('203.0.113.9', 'laptop')).status, 200);
      const { events } = await securityLog(ida.token, { kinds: ['sign_in.key', 'key.used_from_new_place'] });
      assert.deepEqual(events.map((event) => [event.kind, event.ip]), [
        ['key.used_from_new_place', '203.0.113.9'],
        ['sign_in.key', '203.0.113.9'],
        ['sign_in.key', '10.0.0.5'],
        ['sign_in.key', '10.0.0.5'],
      ]);
      assert.equal(events[0]!.target, key.access_key);
    });

    test('signing up, and signing in to join, start the log; a test of cloud access is in the workspace log without its query', async () => {
      const owner = await person('Jo');
      const invite = await server.call('invites.create', { workspace: owner.workspaceId, role: 'member', max_uses: 5 }, { token: owner.token });
      const inviteToken = new URL(invite.body.data.url).pathname.split('/').pop()!;
      const signedUp = await server.call('auth.sign_up', { email: 'kai@example.com', password: PASSWORD, name: 'Kai', invite_token: inviteToken });
      assert.equal(signedUp.status, 200, signedUp.body.meta.result_msg);
      const kai = await server.login('kai@example.com', PASSWORD);
      assert.deepEqual(kinds((await securityLog(kai)).events), ['sign_in.password', 'member.joined', 'invite.accepted', 'account.created']);

      const lee = await person('Lee');
      const joined = await server.call('auth.sign_in_and_join', { email: lee.email, password: PASSWORD, invite_token: inviteToken });
      assert.equal(joined.status, 200, joined.body.meta.result_msg);
      const leeLog = (await securityLog(lee.token)).events;
      assert.deepEqual(kinds(leeLog).slice(0, 3), ['sign_in.password', 'member.joined', 'invite.accepted']);
      assert.equal(leeLog[0]!.workspace!.id, owner.workspaceId);

      const row = await server.call('storage_access.set', { provider: 's3', bucket: 'jo-data', key: 'AKIAEXAMPLE', secret: 'cloud-secret-value', region: 'eu-west-1' }, { token: owner.token });
      assert.equal(row.status, 200, row.body.meta.result_msg);
      const tested = await server.call('storage_access.sign_urls', { urls: ['s3://jo-data/samples/a.png?X-Amz-Signature=abc123'], test: true }, { token: owner.token });
      assert.equal(tested.status, 200, tested.body.meta.result_msg);
      const untested = await server.call('storage_access.sign_urls', { urls: ['s3://jo-data/samples/b.png'] }, { token: owner.token });
      assert.equal(untested.status, 200, 'the web app signing a debug sample is not a test');
      const two = await server.call('storage_access.sign_urls', { urls: ['s3://jo-data/a', 's3://jo-data/b'], test: true }, { token: owner.token });
      assert.deepEqual([two.status, two.body.meta.result_subcode], [400, 12]);
      const log = await auditLog(owner.token, { workspace: owner.workspaceId, kinds: ['cloud_access'] });
      assert.deepEqual(log.events.map((event) => [event.kind, event.target]), [
        ['cloud_access.tested', 's3://jo-data/samples/a.png'],
        ['cloud_access.added', 's3://jo-data'],
      ]);
      assert.deepEqual(log.events[0]!.details, { outcome: 'signed', row: row.body.data.row.id });
    });

    test('the workspace log lists invitations, joins, roles, removals, settings and cloud access; filters by person and kind; pages by cursor', async () => {
      const owner = await person('Owner');
      const created = await server.call('workspaces.create', { name: 'Research' }, { token: owner.token });
      assert.equal(created.status, 200);
      const workspace = created.body.data.id as string;
      const invite = await server.call('invites.create', { workspace, role: 'member', max_uses: 5 }, { token: owner.token });
      assert.equal(invite.status, 200);
      const inviteToken = new URL(invite.body.data.url).pathname.split('/').pop()!;
      const cy = await person('Cy');
      const dee = await person('Dee');
      for (const joiner of [cy, dee]) assert.equal((await server.call('invites.accept', { token: inviteToken }, { token: joiner.token })).status, 200);
      assert.equal((await server.call('workspaces.set_member_role', { workspace, user: cy.userId, role: 'admin' }, { token: owner.token })).status, 200);
      assert.equal((await server.call('workspaces.remove_member', { workspace, user: dee.userId }, { token: owner.token })).status, 200);
      assert.equal((await server.call('workspaces.update', { workspace, name: 'Research lab', max_members: 10 }, { token: owner.token })).status, 200);
      assert.equal((await server.call('invites.revoke', { id: invite.body.data.id }, { token: owner.token })).status, 200);
      const switched = await server.call('workspaces.switch', { workspace }, { token: owner.token });
      assert.equal(switched.status, 200, switched.body.meta.result_msg);
      const inResearch = switched.body.data.token as string;
      owner.token = inResearch; // switching ended the session it was made from
      const row = await server.call('storage_access.set', { provider: 's3', bucket: 'team-data', key: 'AKIAEXAMPLE', secret: 'cloud-secret-value', region: 'eu-west-1', scope: 'workspace' }, { token: inResearch });
      assert.equal(row.status, 200, row.body.meta.result_msg);
      assert.equal((await server.call('storage_access.delete', { id: row.body.data.row.id }, { token: inResearch })).status, 200);

      const all = await auditLog(owner.token, { workspace });
      assert.deepEqual(kinds(all.events), [
        'cloud_access.removed',
        'cloud_access.added',
        'invite.revoked',
        'workspace.settings_changed',
        'workspace.renamed',
        'member.removed',
        'member.role_changed',
        'member.joined',
        'invite.accepted',
        'member.joined',
        'invite.accepted',
        'invite.created',
        'workspace.created',
      ]);
      const byKind = Object.fromEntries(all.events.map((event) => [event.kind, event]));
      assert.deepEqual(byKind['member.role_changed']!.details, { from: 'member', to: 'admin' });
      assert.equal(byKind['member.role_changed']!.subject!.id, cy.userId);
      assert.equal(byKind['member.role_changed']!.actor!.id, owner.userId);
      assert.deepEqual(byKind['workspace.renamed']!.details, { from: 'Research', to: 'Research lab' });
      assert.deepEqual(byKind['workspace.settings_changed']!.details, { max_members: 10 });
      assert.equal(byKind['cloud_access.added']!.target, 's3://team-data');
      assert.ok(!JSON.stringify(all).includes('cloud-secret-value'));

      const aboutCy = await auditLog(owner.token, { workspace, user: cy.userId });
      assert.deepEqual(kinds(aboutCy.events), ['member.role_changed', 'member.joined', 'invite.accepted']);
      const members = await auditLog(owner.token, { workspace, kinds: ['member', 'invite.revoked'] });
      assert.deepEqual(kinds(members.events), ['invite.revoked', 'member.removed', 'member.role_changed', 'member.joined', 'member.joined']);

      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await auditLog(owner.token, { workspace, page_size: 4, ...(cursor ? { cursor } : {}) });
        assert.ok(page.events.length <= 4);
        seen.push(...page.events.map((event) => event.id));
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      assert.deepEqual(seen, all.events.map((event) => event.id), 'the pages, one after another, are the whole log in order');

      // the removed member sees their removal in their own log; an admin reads the workspace's, a member may not
      assert.ok(kinds((await securityLog(dee.token)).events).includes('member.removed'));
      assert.equal((await server.call('workspaces.get_audit_log', { workspace }, { token: cy.token })).status, 200, 'an admin reads it');
      const eve = await person('Eve');
      const outsider = await server.call('workspaces.get_audit_log', { workspace }, { token: eve.token });
      assert.equal(outsider.status, 400, 'another workspace: not a member');
      assert.equal(outsider.body.meta.result_subcode, 92);
    });

    test('members may not read the audit log; key pairs may not read the security log; bad cursors and kinds are refused and change nothing', async () => {
      const owner = await person('Fay');
      const workspace = (await server.call('workspaces.create', { name: 'Small team' }, { token: owner.token })).body.data.id as string;
      const invite = await server.call('invites.create', { workspace, role: 'member' }, { token: owner.token });
      const gus = await person('Gus');
      assert.equal((await server.call('invites.accept', { token: new URL(invite.body.data.url).pathname.split('/').pop()! }, { token: gus.token })).status, 200);
      const refused = await server.call('workspaces.get_audit_log', { workspace }, { token: gus.token });
      assert.deepEqual([refused.status, refused.body.meta.result_subcode], [403, 20]);
      assert.match(refused.body.meta.result_msg, /owners and admins/);

      const key = await server.createKey(owner.token);
      const keyToken = (await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key] })).body.data.token as string;
      const byKey = await server.call('users.get_security_log', {}, { token: keyToken });
      assert.deepEqual([byKey.status, byKey.body.meta.result_subcode], [403, 20]);

      const before = await auditRows();
      for (const body of [{ cursor: 'not-a-cursor' }, { cursor: Buffer.from('1.xyz').toString('base64url') }, { kinds: ['nothing.like_this'] }, { page_size: 0 }, { page_size: 100000 }, { kinds: [] }]) {
        const bad = await server.call('users.get_security_log', body, { token: owner.token });
        assert.equal(bad.status, 400, JSON.stringify(body));
        assert.equal(bad.body.meta.result_code, 400);
      }
      assert.equal(await auditRows(), before);
    });

    test('entries past FOYER_AUDIT_RETENTION_DAYS are deleted; newer ones stay', async () => {
      const hal = await person('Hal');
      const { db } = server.foyer.services;
      const now = server.foyer.services.now();
      await db.updateTable('audit_events').set({ at: now - 31 * DAY_MS }).where('subject_user_id', '=', hal.userId).execute();
      await server.createKey(hal.token);
      const purged = await purgeOldAuditEvents(db, now, 30);
      assert.ok(purged >= 1);
      assert.deepEqual(kinds((await securityLog(hal.token)).events), ['key.created']);
      assert.equal(await purgeOldAuditEvents(db, now, 0), 0, '0 keeps them for ever');
    });
  });
}
