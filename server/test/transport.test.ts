import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, startWithAdmin, ADMIN, type TestServer } from './support/server.ts';

for (const dialect of dialects()) {
  describe(`transport (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    before(async () => {
      ({ server, adminToken: token } = await startWithAdmin(dialect));
    });
    after(() => server.close());

    test('the envelope has every meta field, versions as strings, status = result_code', async () => {
      const { status, body } = await server.call('users.get_current_user', {}, { token, path: '/v2.23/users.get_current_user' });
      assert.equal(status, 200);
      const { meta } = body;
      assert.match(meta.id, /^[0-9a-f]{32}$/);
      assert.equal(meta.trx, meta.id);
      assert.deepEqual(meta.endpoint, { name: 'users.get_current_user', requested_version: '2.23', actual_version: '1.0' });
      assert.equal(meta.result_code, 200);
      assert.equal(meta.result_subcode, 0);
      assert.equal(meta.result_msg, 'OK');
      assert.equal(meta.error_stack, null);
      assert.deepEqual(meta.error_data, {});
      assert.equal(body.data.user.email, ADMIN.email);
    });

    test('unversioned paths report the server API version as a string', async () => {
      const { body } = await server.call('users.get_current_user', {}, { token });
      assert.equal(body.meta.endpoint.requested_version, '2.31');
    });

    test('GET, POST and PUT all read the JSON body, also on GET', async () => {
      for (const method of ['GET', 'POST', 'PUT'] as const) {
        const { status, body } = await server.call('debug.ping', { probe: method }, { method });
        assert.equal(status, 200, method);
        assert.equal(body.data.probe, method);
      }
    });

    test('the body is read as JSON whatever content type it is sent with, or none', async () => {
      for (const type of ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined]) {
        const { status, body } = await server.call('debug.ping', undefined, { raw: JSON.stringify({ probe: String(type) }), headers: type ? { 'content-type': type } : {} });
        assert.equal(status, 200, String(type));
        assert.equal(body.data.probe, String(type));
      }
      const broken = await server.call('debug.ping', undefined, { raw: '{"probe":', headers: { 'content-type': 'application/json' } });
      assert.equal(broken.status, 400);
      assert.match(broken.body.meta.result_msg, /not valid JSON/);
    });

    test('query parameters merge into the body with number and boolean coercion', async () => {
      const { body } = await server.call('debug.ping', { a: 'body' }, { method: 'GET', query: 'n=12&f=1.5&t=true&F=False&s=text&l[]=x&r=1&r=2&o.inner=3' });
      assert.deepEqual(
        { n: body.data.n, f: body.data.f, t: body.data.t, F: body.data.F, s: body.data.s, l: body.data.l, r: body.data.r, o: body.data.o, a: body.data.a },
        { n: 12, f: 1.5, t: true, F: false, s: 'text', l: ['x'], r: [1, 2], o: { inner: 3 }, a: 'body' },
      );
    });

    test('auth.login?expiration_sec=N is honoured from the query string', async () => {
      const { status, body } = await server.call('auth.login', undefined, { method: 'GET', basic: [ADMIN.email, ADMIN.password], query: 'expiration_sec=120' });
      assert.equal(status, 200);
      const claims = JSON.parse(Buffer.from(body.data.token.split('.')[1], 'base64url').toString());
      assert.equal(claims.exp - claims.iat, 120);
    });

    test('X-ClearML-Trx is echoed in meta.trx (and the X-Trains spelling)', async () => {
      const a = await server.call('debug.ping', {}, { headers: { 'X-ClearML-Trx': 'trx-123' } });
      assert.equal(a.body.meta.trx, 'trx-123');
      const b = await server.call('debug.ping', {}, { headers: { 'X-Trains-Trx': 'trx-456' } });
      assert.equal(b.body.meta.trx, 'trx-456');
    });

    test('unknown endpoint: 404 in the envelope', async () => {
      const { status, body } = await server.call('tasks.get_all', {}, { token });
      assert.equal(status, 404);
      assert.equal(body.meta.result_code, 404);
      assert.match(body.meta.result_msg, /tasks\.get_all/);
      const deep = await server.call('x', {}, { path: '/a/b/c/d' });
      assert.equal(deep.status, 404);
      assert.equal(deep.body.meta.result_code, 404);
    });

    test('a malformed version is 400/2; a version above the maximum is served', async () => {
      const bad = await server.call('debug.ping', {}, { path: '/vX/debug.ping' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.meta.result_subcode, 2);
      const high = await server.call('debug.ping', {}, { path: '/v999.0/debug.ping' });
      assert.equal(high.status, 200);
      assert.equal(high.body.meta.endpoint.requested_version, '999.0');
    });

    test('the same API is served under /api on the web port', async () => {
      const { status, body } = await server.call('users.get_current_user', {}, { token, viaWeb: true, path: '/v2.23/users.get_current_user' });
      assert.equal(status, 200);
      assert.equal(body.data.user.email, ADMIN.email);
      const missing = await server.call('nope.nope', {}, { viaWeb: true });
      assert.equal(missing.status, 404);
      assert.equal(missing.body.meta.result_code, 404);
    });

    test('CORS: the Origin is reflected with credentials; OPTIONS preflight answers 200', async () => {
      const call = await server.call('debug.ping', {}, { headers: { origin: 'http://127.0.0.1:8080' } });
      assert.equal(call.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
      assert.equal(call.headers.get('access-control-allow-credentials'), 'true');
      const preflight = await fetch(`${server.apiUrl}/auth.login`, {
        method: 'OPTIONS',
        headers: { origin: 'http://127.0.0.1:8080', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      assert.equal(preflight.status, 200);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/);
    });

    test('bodies over the limit get 413 in the envelope; compressed bodies 415', async () => {
      const big = await server.call('debug.ping', undefined, { raw: JSON.stringify({ x: 'a'.repeat(1024 * 1024 + 10) }), headers: { 'content-type': 'application/json' } });
      assert.equal(big.status, 413);
      assert.equal(big.body.meta.result_code, 413);
      const bigGet = await server.call('debug.ping', undefined, { method: 'GET', raw: JSON.stringify({ x: 'a'.repeat(1024 * 1024 + 10) }) });
      assert.equal(bigGet.status, 413);
      const gz = await server.call('debug.ping', {}, { headers: { 'content-encoding': 'gzip' } });
      assert.equal(gz.status, 415);
    });

    test('debug.ping needs no sign-in', async () => {
      const { status, body } = await server.call('debug.ping', {});
      assert.equal(status, 200);
      assert.equal(body.data.msg, 'Foyer server');
    });

    test('server.info gives versions and the three distinct public URLs', async () => {
      const { body } = await server.call('server.info', {});
      assert.match(body.data.version, /^\d+\.\d+\.\d+$/);
      assert.equal(body.data.api_version, '2.31');
      const { web, api, files } = body.data.urls;
      assert.equal(new Set([web, api, files]).size, 3);
      assert.equal(api, 'http://127.0.0.1:8008');
    });
  });
}
