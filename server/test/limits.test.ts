// Per-workspace caps (FOYER_MAX_QUEUES, FOYER_MAX_WORKERS, FOYER_MAX_TAGS, FOYER_MAX_TAG_LENGTH,
// FOYER_MAX_CLOUD_ACCESS_ROWS[_PER_OWNER]) over HTTP on SQLite and PostgreSQL: a clear 400 in the envelope beyond
// each, nothing written, and many calls at once never pass a cap.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startWithAdmin, type CallResult, type TestServer } from './support/server.ts';

const codes = (r: CallResult) => [r.status, r.body.meta.result_code, r.body.meta.error_data?.limit];

for (const dialect of dialects()) {
  describe(`per-workspace caps (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    let agent: string;
    before(async () => {
      ({ server, adminToken: token } = await startWithAdmin(dialect, {
        FOYER_MODE: 'multi',
        FOYER_MAX_QUEUES: '5',
        FOYER_MAX_WORKERS: '4',
        FOYER_MAX_TAGS: '3',
        FOYER_MAX_TAG_LENGTH: '10',
        FOYER_MAX_CLOUD_ACCESS_ROWS: '5',
        FOYER_MAX_CLOUD_ACCESS_ROWS_PER_OWNER: '3',
      }));
      const key = await server.createKey(token, 'agent');
      agent = (await server.call('auth.login', undefined, { method: 'GET', basic: [key.access_key, key.secret_key] })).body.data.token;
    });
    after(() => server.close());
    const db = () => server.foyer.services.db;

    test('queues: 30 creates at once with a cap of 5 make exactly 5; the rest get a 400 naming the cap', async () => {
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => server.call('queues.create', { name: `queue-${i}` }, { method: 'GET', token: agent })));
      const made = results.filter((r) => r.status === 200);
      const refused = results.filter((r) => r.status === 400);
      assert.deepEqual([made.length, refused.length], [5, 25], JSON.stringify(results.filter((r) => r.status !== 200 && r.status !== 400).map((r) => r.body.meta)));
      assert.deepEqual(codes(refused[0]!), [400, 400, 'FOYER_MAX_QUEUES']);
      assert.match(refused[0]!.body.meta.result_msg, /maximum of 5 queues; use one of its existing queues, or ask the server's administrator to raise FOYER_MAX_QUEUES/);
      const count = await db().selectFrom('queues').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 5);
      // the agent's own flow still works: it finds its queue by name and polls it
      const found = await server.call('queues.get_all', { name: 'queue\\-0', only_fields: ['name', 'id'] }, { method: 'GET', token: agent });
      assert.equal(found.body.data.queues.length, 1);
    });

    test('workers: 30 new ones at once with a cap of 4 admit exactly 4; a registered one keeps reporting; a new one is refused', async () => {
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          i % 2 === 0
            ? server.call('workers.register', { worker: `host-${i}:gpu0`, queues: ['q'] }, { method: 'GET', token: agent })
            : server.call('workers.status_report', { worker: `host-${i}:gpu0`, timestamp: Date.now(), queues: ['q'] }, { method: 'GET', token: agent }),
        ),
      );
      const admitted = results.map((r, i) => (r.status === 200 ? `host-${i}:gpu0` : undefined)).filter((id): id is string => id !== undefined);
      const refused = results.filter((r) => r.status === 400);
      assert.deepEqual([admitted.length, refused.length], [4, 26], JSON.stringify(results.filter((r) => r.status !== 200 && r.status !== 400).map((r) => r.body.meta)));
      assert.deepEqual(codes(refused[0]!), [400, 400, 'FOYER_MAX_WORKERS']);
      assert.match(refused[0]!.body.meta.result_msg, /already has 4 workers reporting, its maximum; stop one .* raise FOYER_MAX_WORKERS/);
      const listed = (await server.call('workers.get_all', { last_seen: 0 }, { method: 'GET', token: agent })).body.data.workers.map((w: { id: string }) => w.id);
      assert.deepEqual(listed.sort(), [...admitted].sort());

      // clearml-agent reports every few seconds: each admitted worker keeps going, many times, all at once
      const reports = await Promise.all(
        admitted.flatMap((worker) => Array.from({ length: 5 }, () => server.call('workers.status_report', { worker, timestamp: Date.now(), queues: ['q'], tags: null }, { method: 'GET', token: agent }))),
      );
      assert.ok(reports.every((r) => r.status === 200), JSON.stringify(reports.map((r) => r.body.meta.result_msg)));
      assert.equal((await server.call('workers.register', { worker: admitted[0], queues: ['q'] }, { token: agent })).status, 200, 'registering again is no new worker');
      const newcomer = await server.call('workers.register', { worker: 'late-host:gpu0' }, { token: agent });
      assert.deepEqual(codes(newcomer), [400, 400, 'FOYER_MAX_WORKERS']);

      // one leaves: a new one fits; one silent for 10 minutes no longer counts
      assert.equal((await server.call('workers.unregister', { worker: admitted[0] }, { token: agent })).status, 200);
      assert.equal((await server.call('workers.register', { worker: 'late-host:gpu0' }, { token: agent })).status, 200);
      assert.deepEqual(codes(await server.call('workers.status_report', { worker: 'later-host:gpu0', timestamp: Date.now() }, { token: agent })), [400, 400, 'FOYER_MAX_WORKERS']);
      await db().updateTable('workers').set({ last_activity_at: Date.now() - 11 * 60_000 }).where('id', '=', admitted[1]!).execute();
      assert.equal((await server.call('workers.status_report', { worker: 'later-host:gpu0', timestamp: Date.now() }, { token: agent })).status, 200);
      assert.deepEqual(codes(await server.call('workers.status_report', { worker: admitted[1], timestamp: Date.now() }, { token: agent })), [400, 400, 'FOYER_MAX_WORKERS'], 'back after the timeout: a newcomer');
    });

    test('tags: more tags than FOYER_MAX_TAGS or longer than FOYER_MAX_TAG_LENGTH are a 400 that names the field, and change nothing', async () => {
      const before = JSON.stringify([await db().selectFrom('queues').selectAll().orderBy('id').execute(), await db().selectFrom('workers').selectAll().orderBy('id').execute()]);
      const cases: Array<[string, Record<string, unknown>, RegExp, string]> = [
        ['queues.create', { name: 'tagged', tags: ['a', 'b', 'c', 'd'] }, /field "tags": at most 3 tags \(4 given\); drop some, or ask .* FOYER_MAX_TAGS/, 'FOYER_MAX_TAGS'],
        ['queues.create', { name: 'tagged', system_tags: ['x'.repeat(11)] }, /field "system_tags\.0": a tag has at most 10 characters \(11 given\)/, 'FOYER_MAX_TAG_LENGTH'],
        ['workers.register', { worker: 'late-host:gpu0', tags: ['a', 'b', 'c', 'd'] }, /field "tags": at most 3 tags/, 'FOYER_MAX_TAGS'],
        ['workers.status_report', { worker: 'late-host:gpu0', timestamp: 1, system_tags: ['ok', 'y'.repeat(11)] }, /field "system_tags\.1": a tag has at most 10/, 'FOYER_MAX_TAG_LENGTH'],
        ['queues.get_all', { tags: ['a', 'b', 'c', 'd'] }, /field "tags": at most 3 tags/, 'FOYER_MAX_TAGS'],
        ['workers.get_all', { system_tags: ['z'.repeat(11)] }, /a tag has at most 10 characters/, 'FOYER_MAX_TAG_LENGTH'],
      ];
      for (const [name, body, message, limit] of cases) {
        const result = await server.call(name, body, { token: agent });
        assert.deepEqual([result.status, result.body.meta.result_subcode, result.body.meta.error_data?.limit], [400, 12, limit], `${name}: ${result.body.meta.result_msg}`);
        assert.match(result.body.meta.result_msg, message);
      }
      const huge = await server.call('queues.create', { name: 'tagged', tags: Array(1001).fill('a') }, { token: agent });
      assert.equal(huge.status, 400, 'beyond the hard bound the schema refuses it');
      const after = JSON.stringify([await db().selectFrom('queues').selectAll().orderBy('id').execute(), await db().selectFrom('workers').selectAll().orderBy('id').execute()]);
      assert.equal(after, before, 'nothing changed');
      const ok = await server.call('workers.status_report', { worker: 'late-host:gpu0', timestamp: 1, tags: ['a', 'b', 'c'], system_tags: ['x'.repeat(10)] }, { token: agent });
      assert.equal(ok.status, 200, 'at the caps exactly: accepted');
    });

    test('cloud access rows: saves at once from two people never pass 3 per owner nor 5 in the workspace', async () => {
      const ws = (await server.call('users.get_current_user', {}, { token })).body.data.user.company.id;
      const link = (await server.call('invites.create', { workspace: ws, max_uses: 5 }, { token })).body.data.url.split('/invite/')[1];
      const people = [token];
      for (const name of ['bea', 'cid']) {
        await server.createUser({ email: `${name}@example.com`, password: 'rows-password-1' });
        const personal = await server.login(`${name}@example.com`, 'rows-password-1');
        assert.equal((await server.call('invites.accept', { token: link }, { token: personal })).status, 200);
        assert.equal((await server.call('workspaces.switch', { workspace: ws }, { token: personal })).status, 200);
        people.push(await server.login(`${name}@example.com`, 'rows-password-1'));
      }
      const row = (who: number, i: number) => ({ bucket: `bucket-${who}-${i}`, endpoint: 'http://127.0.0.1:9', region: 'us-east-1', key: 'K', secret: 'secret-of-the-row-1' });
      const results = await Promise.all(people.flatMap((as, who) => Array.from({ length: 8 }, (_, i) => server.call('storage_access.set', row(who, i), { token: as }))));
      const made = results.filter((r) => r.status === 200).length;
      assert.equal(made, 5, JSON.stringify(results.filter((r) => r.status !== 200).map((r) => r.body.meta.result_msg).slice(0, 3)));
      assert.ok(results.every((r) => r.status === 200 || r.status === 400));
      const rows = await db().selectFrom('storage_access').select(['user_id']).where('workspace_id', '=', ws).execute();
      assert.equal(rows.length, 5);
      const perOwner = new Map<string, number>();
      for (const r of rows) perOwner.set(r.user_id!, (perOwner.get(r.user_id!) ?? 0) + 1);
      assert.ok([...perOwner.values()].every((n) => n <= 3), JSON.stringify([...perOwner]));
      const messages = new Set(results.filter((r) => r.status === 400).map((r) => r.body.meta.error_data?.limit));
      assert.ok([...messages].every((m) => m === 'FOYER_MAX_CLOUD_ACCESS_ROWS' || m === 'FOYER_MAX_CLOUD_ACCESS_ROWS_PER_OWNER'), JSON.stringify([...messages]));
      const full = await server.call('storage_access.set', row(9, 9), { token });
      assert.equal(full.status, 400);
      assert.match(full.body.meta.result_msg, /(already has 5 cloud access rows, its maximum; delete rows no longer used, or ask .* FOYER_MAX_CLOUD_ACCESS_ROWS)|(already 3 cloud access rows of yours)/);
    });
  });
}
