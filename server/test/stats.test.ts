import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startWithAdmin, type TestServer } from './support/server.ts';
import { buildStatsReport } from '../src/server-info/stats-report.ts';

for (const dialect of dialects()) {
  describe(`anonymous usage data (${dialect})`, () => {
    let server: TestServer;
    let adminToken: string;
    let userToken: string;
    before(async () => {
      ({ server, adminToken } = await startWithAdmin(dialect));
      await server.createUser({ email: 'carol@example.com', password: 'carol-password-1', name: 'Carol Secretname' });
      userToken = await server.login('carol@example.com', 'carol-password-1');
    });
    after(() => server.close());

    test('reading a fresh server: supported, off, with the current version', async () => {
      const { body } = await server.call('server.report_stats_option', {}, { token: userToken });
      assert.equal(body.data.supported, true);
      assert.equal(body.data.enabled, false);
      assert.equal(body.data.enabled_version, undefined);
      assert.equal(body.data.current_version, body.data.current_version.match(/^\d+\.\d+\.\d+$/)?.[0]);
      assert.equal(body.data.can_change, false);
      assert.equal(body.data.destination_configured, false);
    });

    test('only administrators change it; declining still stores enabled_version', async () => {
      const denied = await server.call('server.report_stats_option', { enabled: true }, { token: userToken });
      assert.equal(denied.status, 403);
      const declined = await server.call('server.report_stats_option', { enabled: false }, { token: adminToken });
      assert.equal(declined.body.data.enabled, false);
      assert.equal(declined.body.data.enabled_version, declined.body.data.current_version);
      const enabled = await server.call('server.report_stats_option', { enabled: true }, { token: adminToken });
      assert.equal(enabled.body.data.enabled, true);
      const seenByUser = await server.call('server.report_stats_option', {}, { token: userToken });
      assert.equal(seenByUser.body.data.enabled, true, 'a server-wide choice');
    });

    test('nodes reporting for the first time at once agree on one installation id', async () => {
      const { startSecondNode } = await import('./support/server.ts');
      const fresh = await startWithAdmin(dialect);
      const second = await startSecondNode(fresh.server);
      try {
        const reports = await Promise.all(Array.from({ length: 10 }, (_, i) => buildStatsReport((i % 2 ? second : fresh.server).foyer.services)));
        assert.equal(new Set(reports.map((r) => r.installation)).size, 1);
        assert.equal((await buildStatsReport(fresh.server.foyer.services)).installation, reports[0]!.installation);
      } finally {
        await second.close();
        await fresh.server.close();
      }
    });

    test('the report holds counts and versions, never names or emails', async () => {
      const report = await buildStatsReport(server.foyer.services);
      const text = JSON.stringify(report);
      assert.ok(report.counts.users >= 2);
      for (const secretish of ['carol', 'Secretname', 'admin@example.com', 'Ada']) assert.ok(!text.includes(secretish), secretish);
    });

    test('a multi-workspace (hosted) server does not offer it', async () => {
      const multi = await startWithAdmin(dialect, { FOYER_MODE: 'multi' });
      try {
        const { body } = await multi.server.call('server.report_stats_option', {}, { token: multi.adminToken });
        assert.deepEqual(body.data, { supported: false, can_change: false });
      } finally {
        await multi.server.close();
      }
    });
  });
}
