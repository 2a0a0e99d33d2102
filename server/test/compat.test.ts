// What the real ClearML clients send and expect, encoded from shared/acceptance/clearml-sdk/observed-requests.md,
// so CI checks compatibility without the clients' source. Each test replays one observed sequence byte for byte
// where it matters (method, path, headers, body) and checks the fields the clients read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basicAuthorization, dialects, httpRequest, startWithAdmin, type TestServer } from './support/server.ts';

const SDK_HEADERS = {
  'X-ClearML-Worker': 'dev-laptop',
  'X-Trains-Worker': 'dev-laptop',
  'X-ClearML-Client': 'clearml-1.17.0',
  'X-Trains-Client': 'clearml-1.17.0',
  'User-Agent': 'python-requests/2.28.1',
  Accept: '*/*',
  'Accept-Encoding': 'gzip, deflate',
  Connection: 'keep-alive',
};
const AGENT_HEADERS = { 'X-ClearML-Worker': 'gpu-01', 'X-ClearML-Agent': 'api-1.9.2', 'X-Trains-Agent': 'api-1.9.2', 'User-Agent': 'python-requests/2.28.1' };

/** What the SDK's jwt.decode(verify_signature=False) and Session._connect need from the token. */
function assertSdkReadableToken(token: string) {
  const parts = token.split('.');
  assert.equal(parts.length, 3);
  const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString());
  assert.deepEqual(claims.api_version.split('.').map(Number).every(Number.isInteger), true, 'tuple(map(int, v.split(".")))');
  assert.ok(claims.server_version.split('.').every((p: string) => /^\d+$/.test(p)));
  assert.equal(claims.feature_set, 'basic', 'anything else makes the SDK call users.get_vaults');
  assert.ok(claims.exp - Date.now() / 1000 > 360 * 10, 'far longer than the SDK refresh threshold (360 s)');
  assert.equal(typeof claims.identity.user, 'string');
  return claims;
}

/** ResponseMeta in the SDK parses these strictly. */
function assertStrictMeta(meta: Record<string, any>) {
  for (const field of ['id', 'trx', 'result_msg']) assert.equal(typeof meta[field], 'string', field);
  assert.ok(Number.isInteger(meta.result_code) && Number.isInteger(meta.result_subcode));
  assert.ok(meta.error_stack === null || typeof meta.error_stack === 'string');
  assert.equal(typeof meta.endpoint.requested_version, 'string');
  assert.equal(typeof meta.endpoint.actual_version, 'string');
}

for (const dialect of dialects()) {
  describe(`what the ClearML clients send (${dialect})`, () => {
    let server: TestServer;
    let key: { access_key: string; secret_key: string };
    before(async () => {
      let adminToken: string;
      ({ server, adminToken } = await startWithAdmin(dialect));
      key = await server.createKey(adminToken, 'sdk');
    });
    after(() => server.close());

    const get = (path: string, headers: Record<string, string>, body?: string) =>
      httpRequest(`${server.apiUrl}${path}`, 'GET', body !== undefined ? { ...headers, 'Content-Type': 'application/json' } : headers, body);

    test('sdk-session-auth: GET /auth.login, Basic, no body, no version → 200 data.token (a JWT the SDK can read)', async () => {
      const response = await get('/auth.login', { ...SDK_HEADERS, Authorization: basicAuthorization(key.access_key, key.secret_key) });
      assert.equal(response.status, 200);
      assertSdkReadableToken(JSON.parse(response.text).data.token);
    });

    test('sdk-get-current-user and sdk-typed-request: Bearer GET with {} on unversioned, /v2.31/ and /v2.23/ paths; SDK 2.x adds "method"', async () => {
      const token = JSON.parse((await get('/auth.login', { ...SDK_HEADERS, Authorization: basicAuthorization(key.access_key, key.secret_key) })).text).data.token;
      const headers = { ...SDK_HEADERS, 'X-ClearML-Client': 'clearml-server-0.1.0, clearml-1.17.0', Authorization: `Bearer ${token}` };
      for (const path of ['/users.get_current_user', '/v2.31/users.get_current_user']) {
        const response = await get(path, headers, '{}');
        assert.equal(response.status, 200, path);
        const body = JSON.parse(response.text);
        assertStrictMeta(body.meta);
        assert.ok(body.data.user.id && body.data.user.company.id && body.data.getting_started && body.data.settings);
      }
      const typed = await get('/v2.23/auth.login', headers, '{}');
      assert.equal(typed.status, 200);
      assertStrictMeta(JSON.parse(typed.text).meta);
      const sdk2 = await get('/v2.23/auth.login', headers, '{"method": "get"}');
      assert.equal(sdk2.status, 200, 'SDK 2.x typed requests carry their HTTP method in the body');
    });

    test('sdk-post-method: POST /auth.login (Basic, no body) and POST /users.get_current_user', async () => {
      const login = await httpRequest(`${server.apiUrl}/auth.login`, 'POST', { ...SDK_HEADERS, Authorization: basicAuthorization(key.access_key, key.secret_key) });
      assert.equal(login.status, 200);
      const token = JSON.parse(login.text).data.token;
      const me = await httpRequest(`${server.apiUrl}/users.get_current_user`, 'POST', { ...SDK_HEADERS, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, '{}');
      assert.equal(me.status, 200);
    });

    test('sdk-wrong-credentials: wrong secret and unknown key → 401 with "Unauthorized (invalid credentials)"', async () => {
      for (const auth of [basicAuthorization(key.access_key, 'x'.repeat(67)), basicAuthorization('Z'.repeat(30), key.secret_key)]) {
        const response = await get('/auth.login', { ...SDK_HEADERS, Authorization: auth });
        assert.equal(response.status, 401);
        assert.match(JSON.parse(response.text).meta.result_msg, /^Unauthorized \(invalid credentials\)/);
      }
    });

    test('unauthenticated-rejected: no Authorization, and Bearer not.a.validtoken → 401 (never 403 or 503)', async () => {
      assert.equal((await get('/users.get_current_user', {}, '{}')).status, 401);
      assert.equal((await get('/users.get_current_user', { Authorization: 'Bearer not.a.validtoken' }, '{}')).status, 401);
    });

    test('clearml-init verification: exactly one GET /auth.login with Basic', async () => {
      const response = await get('/auth.login', { 'User-Agent': 'python-requests/2.28.1', Authorization: basicAuthorization(key.access_key, key.secret_key) });
      assert.equal(response.status, 200);
      assert.ok(JSON.parse(response.text).data.token);
    });

    test('agent-list: the agent logs in, then GET /workers.get_all {"last_seen": 0} → data.workers', async () => {
      const token = JSON.parse((await get('/auth.login', { ...AGENT_HEADERS, Authorization: basicAuthorization(key.access_key, key.secret_key) })).text).data.token;
      const response = await get('/workers.get_all', { ...AGENT_HEADERS, Authorization: `Bearer ${token}` }, '{"last_seen": 0}');
      assert.equal(response.status, 200);
      const body = JSON.parse(response.text);
      assert.equal(body.meta.result_code, 200);
      assert.ok(Array.isArray(body.data.workers));
    });

    test('the agent pins /v2.5/ and asks for workers.get_runtime_properties, which may be 404 in the envelope', async () => {
      const token = JSON.parse((await get('/auth.login', { ...AGENT_HEADERS, Authorization: basicAuthorization(key.access_key, key.secret_key) })).text).data.token;
      const runtime = await get('/workers.get_runtime_properties', { ...AGENT_HEADERS, Authorization: `Bearer ${token}` }, '{"worker": "w"}');
      assert.equal(runtime.status, 404);
      assertStrictMeta(JSON.parse(runtime.text).meta);
    });

    test('the web UI\'s extra fields are accepted: get_supported_features and login.logout redirect_url', async () => {
      const token = JSON.parse((await get('/auth.login', { Authorization: basicAuthorization(key.access_key, key.secret_key) })).text).data.token;
      const me = await httpRequest(`${server.apiUrl}/v999.0/users.get_current_user`, 'POST', { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, '{"get_supported_features": true}');
      assert.equal(me.status, 200);
      const out = await httpRequest(`${server.apiUrl}/v999.0/login.logout`, 'POST', { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, '{"redirect_url": "/"}');
      assert.equal(out.status, 200);
    });
    test('agent-daemon: find or create its queue (escaped name), register, poll, report, unregister', async () => {
      const token = JSON.parse((await get('/auth.login', { ...AGENT_HEADERS, Authorization: basicAuthorization(key.access_key, key.secret_key) })).text).data.token;
      const auth = { ...AGENT_HEADERS, Authorization: `Bearer ${token}` };
      const find = () => get('/v2.5/queues.get_all', auth, '{"name": "clearml\\\\-acceptance", "only_fields": ["name", "id"]}');
      assert.deepEqual(JSON.parse((await find()).text).data.queues, []);
      const created = JSON.parse((await get('/v2.5/queues.create', auth, '{"name": "clearml-acceptance"}')).text);
      assert.equal(created.meta.result_code, 200);
      const queueId = created.data.id;
      assert.deepEqual(JSON.parse((await find()).text).data.queues, [{ id: queueId, name: 'clearml-acceptance' }]);
      const byId = JSON.parse((await get('/v2.5/queues.get_all', auth, JSON.stringify({ id: [queueId], only_fields: ['id', 'tags'] }))).text);
      assert.deepEqual(byId.data.queues, [{ id: queueId, tags: [] }]);
      const worker = 'acceptance-0a1b2c3d';
      assert.equal((await get('/workers.register', auth, JSON.stringify({ worker, queues: [queueId] }))).status, 200);
      const next = JSON.parse((await get('/v2.14/queues.get_next_task', auth, JSON.stringify({ queue: queueId }))).text);
      assert.deepEqual([next.meta.result_code, next.data], [200, {}], 'an empty queue answers data {}, never null');
      const report = { machine_stats: { cpu_usage: [10.658], memory_used: 357.201 }, timestamp: Date.now(), worker, tags: null, queues: [queueId] };
      assert.equal((await get('/workers.status_report', auth, JSON.stringify(report))).status, 200);
      // clearml-agent 3.x adds is_daemon, and gpu_fraction among the stats on machines with fractional GPUs
      const report3 = { ...report, machine_stats: { ...report.machine_stats, gpu_fraction: [0.5] }, is_daemon: true };
      const answer3 = await get('/workers.status_report', auth, JSON.stringify(report3));
      assert.equal(answer3.status, 200, answer3.text);
      assert.equal((await get('/workers.unregister', auth, JSON.stringify({ worker, queues: [queueId] }))).status, 200);
      assert.equal((await get('/v2.5/queues.create', auth, '{"name": "clearml-acceptance"}')).status, 400, 'names are unique per workspace');
    });
  });
}
