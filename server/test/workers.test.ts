import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startWithAdmin, type TestServer } from './support/server.ts';

for (const dialect of dialects()) {
  describe(`workers (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    before(async () => {
      let adminToken: string;
      ({ server, adminToken } = await startWithAdmin(dialect));
      const key = await server.createKey(adminToken, 'agent');
      token = (await server.call('auth.login', undefined, { method: 'GET', basic: [key.access_key, key.secret_key] })).body.data.token;
    });
    after(() => server.close());

    test('register, status_report and unregister as clearml-agent sends them; get_all shows the worker meanwhile', async () => {
      const register = await server.call('workers.register', { worker: 'acceptance-1a2b3c4d', queues: ['q1'] }, { method: 'GET', token, path: '/workers.register' });
      assert.equal(register.status, 200);
      const report = await server.call(
        'workers.status_report',
        {
          machine_stats: { cpu_usage: [10.6], disk_free_home: 76.1, disk_read: 0.038, disk_write: 0.083, memory_free: 23422.079, memory_used: 357.2, network_rx: 0.003, network_tx: 0.003 },
          timestamp: 1795801993000,
          worker: 'acceptance-1a2b3c4d',
          tags: null,
          queues: ['q1'],
        },
        { method: 'GET', token },
      );
      assert.equal(report.status, 200);
      const all = await server.call('workers.get_all', { last_seen: 0 }, { method: 'GET', token });
      assert.equal(all.status, 200);
      const worker = all.body.data.workers.find((w: { id: string }) => w.id === 'acceptance-1a2b3c4d');
      assert.ok(worker);
      assert.deepEqual(worker.queues, [{ id: 'q1', name: 'q1' }]);
      assert.ok(Date.now() - Date.parse(worker.last_activity_time) < 60_000);
      const unregister = await server.call('workers.unregister', { worker: 'acceptance-1a2b3c4d', queues: ['q1'] }, { method: 'GET', token });
      assert.equal(unregister.status, 200);
      const after = await server.call('workers.get_all', { last_seen: 0 }, { token });
      assert.deepEqual(after.body.data.workers, []);
    });

    test('workers are scoped to the workspace: a user of another workspace never sees them', async () => {
      const multi = await startWithAdmin(dialect, { FOYER_MODE: 'multi' });
      try {
        await multi.server.createUser({ email: 'other@example.com', password: 'other-password-1' });
        const otherToken = await multi.server.login('other@example.com', 'other-password-1');
        assert.equal((await multi.server.call('workers.register', { worker: 'private-worker' }, { token: multi.adminToken })).status, 200);
        const other = await multi.server.call('workers.get_all', {}, { token: otherToken });
        assert.deepEqual(other.body.data.workers, []);
        const cannotRemove = await multi.server.call('workers.unregister', { worker: 'private-worker' }, { token: otherToken });
        assert.equal(cannotRemove.status, 400);
        const own = await multi.server.call('workers.get_all', {}, { token: multi.adminToken });
        assert.deepEqual(own.body.data.workers.map((w: { id: string }) => w.id), ['private-worker']);
      } finally {
        await multi.server.close();
      }
    });

    test('a status report right after unregister (as a stopping daemon sends it) does not bring the worker back; register does', async () => {
      const ids = async () => (await server.call('workers.get_all', { last_seen: 0 }, { token })).body.data.workers.map((w: { id: string }) => w.id);
      const report = (worker: string) => server.call('workers.status_report', { worker, timestamp: Date.now(), queues: ['q1'] }, { method: 'GET', token });
      assert.equal((await server.call('workers.register', { worker: 'stopping-1', queues: ['q1'] }, { token })).status, 200);
      const [unregister, lateReport] = await Promise.all([server.call('workers.unregister', { worker: 'stopping-1' }, { token }), report('stopping-1')]);
      assert.deepEqual([unregister.status, lateReport.status], [200, 200]);
      assert.equal((await report('stopping-1')).status, 200, 'a later report is acknowledged');
      assert.deepEqual(await ids(), [], 'and the worker stays gone');

      assert.equal((await server.call('workers.register', { worker: 'stopping-1', queues: ['q1'] }, { token })).status, 200);
      assert.deepEqual(await ids(), ['stopping-1'], 'registering again brings it back at once');
      assert.equal((await report('stopping-1')).status, 200);
      assert.deepEqual(await ids(), ['stopping-1']);
      assert.equal((await server.call('workers.unregister', { worker: 'stopping-1' }, { token })).status, 200);

      const realNow = server.foyer.services.now;
      server.foyer.services.now = () => realNow() + 61_000;
      try {
        assert.equal((await report('stopping-1')).status, 200);
        assert.deepEqual(await ids(), ['stopping-1'], 'a minute later, a report registers the worker again, as the reference server does');
      } finally {
        server.foyer.services.now = realNow;
      }
      assert.equal((await server.call('workers.unregister', { worker: 'stopping-1' }, { token })).status, 200);
    });

    test('unregistering an unknown worker is a clear 400', async () => {
      const { status, body } = await server.call('workers.unregister', { worker: 'ghost' }, { token });
      assert.equal(status, 400);
      assert.match(body.meta.result_msg, /ghost/);
    });
  });
}
