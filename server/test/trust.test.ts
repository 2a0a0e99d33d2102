// What no other origin, method, proxy header, slow client or malformed request can do (the "trust" regressions).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ADMIN, dialects, httpRequest, startServer, startWithAdmin, type TestServer } from './support/server.ts';
import { loadConfig } from '../src/config.ts';
import { createFoyer } from '../src/app.ts';

function cookieOf(headers: Headers): string {
  const match = /clearml_token_basic=([^;]*)/.exec(headers.get('set-cookie') ?? '');
  assert.ok(match?.[1], 'the sign-in sets the session cookie');
  return `clearml_token_basic=${match[1]}`;
}

async function credentialCount(server: TestServer, token: string): Promise<number> {
  const list = await server.call('auth.get_credentials', {}, { token });
  assert.equal(list.status, 200);
  return list.body.data.credentials.length;
}

for (const dialect of dialects()) {
  describe(`other origins and methods (${dialect})`, () => {
    let server: TestServer;
    let adminToken: string;
    let cookie: string;
    before(async () => {
      ({ server, adminToken } = await startWithAdmin(dialect, { FOYER_CORS_ORIGINS: 'http://127.0.0.1:30080' }));
      const login = await server.call('auth.login', {}, { basic: [ADMIN.email, ADMIN.password] });
      cookie = cookieOf(login.headers);
    });
    after(() => server.close());

    test('a page on another port of the host, another scheme or a sibling host cannot use the cookie to make a key or a token', async () => {
      const before = await credentialCount(server, adminToken);
      for (const origin of ['http://127.0.0.1:8081', 'https://127.0.0.1:8080', 'http://localhost:8080', 'http://files.127.0.0.1.nip.io:8080', 'null']) {
        for (const name of ['auth.create_credentials', 'auth.login', 'workspaces.switch']) {
          const call = await server.call(name, {}, { headers: { cookie, origin, 'sec-fetch-site': 'same-site' } });
          assert.equal(call.status, 403, `${name} from ${origin}`);
          assert.equal(call.body.meta.result_subcode, 21);
          assert.equal(call.headers.get('access-control-allow-credentials'), null, `no credentialed CORS for ${origin}`);
          assert.notEqual(call.headers.get('access-control-allow-origin'), origin);
          assert.equal(call.body.data.token, undefined);
        }
      }
      assert.equal(await credentialCount(server, adminToken), before, 'no key pair was made');
    });

    test('reads carried by the cookie from another origin get no credentialed CORS, so the page cannot read them', async () => {
      const read = await server.call('users.get_current_user', {}, { headers: { cookie, origin: 'http://127.0.0.1:8081' } });
      assert.equal(read.headers.get('access-control-allow-origin'), '*');
      assert.equal(read.headers.get('access-control-allow-credentials'), null);
      const preflight = await httpRequest(`${server.apiUrl}/auth.create_credentials`, 'OPTIONS', {
        origin: 'http://127.0.0.1:8081',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      });
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
      assert.equal(preflight.headers.get('access-control-allow-credentials'), null);
    });

    test('a link or a request without Origin does not act with the cookie alone', async () => {
      const before = await credentialCount(server, adminToken);
      const link = await server.call('auth.create_credentials', undefined, { method: 'GET', query: 'label=x', headers: { cookie } });
      assert.equal(link.status, 403, 'no Origin, no Sec-Fetch-Site');
      const typed = await server.call('auth.create_credentials', undefined, {
        method: 'GET',
        query: 'label=x',
        headers: { cookie, 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' },
      });
      assert.equal(typed.status, 403, 'a typed address or bookmark');
      const navigated = await server.call('auth.create_credentials', undefined, {
        method: 'GET',
        query: 'label=x',
        headers: { cookie, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' },
      });
      assert.equal(navigated.status, 403, 'a link opened as a page, even from Foyer itself');
      const sameSite = await server.call('auth.create_credentials', { label: 'x' }, { headers: { cookie, 'sec-fetch-site': 'same-site' } });
      assert.equal(sameSite.status, 403, 'same-site is not same-origin');
      assert.equal(await credentialCount(server, adminToken), before);
    });

    test('Foyer\'s own web app (same origin on the web port) and a ClearML web app on :8080 calling :8008 keep working', async () => {
      const own = await server.call('auth.create_credentials', { label: 'own web app' }, { viaWeb: true, headers: { cookie, origin: server.webUrl, 'sec-fetch-site': 'same-origin' } });
      assert.equal(own.status, 200);
      assert.equal(own.headers.get('access-control-allow-origin'), server.webUrl);
      const fetchWithoutOrigin = await server.call('users.set_preferences', { preferences: { 'a.b': 1 } }, { viaWeb: true, headers: { cookie, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' } });
      assert.equal(fetchWithoutOrigin.status, 200, 'a same-origin fetch that sent no Origin');
      // the usual ClearML setup: web app on :8080 (FOYER_PUBLIC_WEB_URL), API on :8008
      const clearmlWeb = await server.call('auth.create_credentials', { label: 'clearml web' }, { headers: { cookie, origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-site' } });
      assert.equal(clearmlWeb.status, 200);
      assert.equal(clearmlWeb.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
      assert.equal(clearmlWeb.headers.get('access-control-allow-credentials'), 'true');
      const relogin = await server.call('auth.login', {}, { headers: { cookie, origin: 'http://127.0.0.1:8080' } });
      assert.equal(relogin.status, 200);
      assert.match(relogin.body.data.token, /^ey/);
      // FOYER_CORS_ORIGINS: a ClearML web app served elsewhere
      const elsewhere = await server.call('auth.create_credentials', { label: 'elsewhere' }, { headers: { cookie, origin: 'http://127.0.0.1:30080' } });
      assert.equal(elsewhere.status, 200);
      assert.equal(elsewhere.headers.get('access-control-allow-credentials'), 'true');
      const preflight = await httpRequest(`${server.apiUrl}/auth.create_credentials`, 'OPTIONS', {
        origin: 'http://127.0.0.1:8080',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      });
      assert.equal(preflight.status, 200);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
      assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    });

    test('Bearer and Basic callers are unaffected by Origin and Sec-Fetch headers', async () => {
      const key = await server.call('auth.create_credentials', {}, { token: adminToken, headers: { origin: 'http://127.0.0.1:8081', 'sec-fetch-site': 'cross-site' } });
      assert.equal(key.status, 200);
      const { access_key, secret_key } = key.body.data.credentials;
      const login = await server.call('auth.login', undefined, { method: 'GET', basic: [access_key, secret_key], headers: { origin: 'https://evil.example' } });
      assert.equal(login.status, 200);
      const revoke = await server.call('auth.revoke_credentials', { access_key }, { token: adminToken });
      assert.equal(revoke.status, 200);
    });

    test('HEAD runs no endpoint: it answers 405 in the envelope and makes no key pair', async () => {
      const before = await credentialCount(server, adminToken);
      for (const path of ['/auth.create_credentials', '/v2.23/auth.create_credentials']) {
        const head = await httpRequest(`${server.apiUrl}${path}`, 'HEAD', { authorization: `Bearer ${adminToken}` });
        assert.equal(head.status, 405, path);
        assert.equal(head.headers.get('allow'), 'GET, POST, PUT');
      }
      const viaWeb = await httpRequest(`${server.webUrl}/api/auth.create_credentials`, 'HEAD', { authorization: `Bearer ${adminToken}` });
      assert.equal(viaWeb.status, 405);
      assert.equal(await credentialCount(server, adminToken), before);
      // the status line is all a HEAD answer has; the same call by GET shows the body
      const get = await server.call('debug.ping', {}, { method: 'GET' });
      assert.equal(get.status, 200);
    });
  });
}

describe('requests the framework refuses before routing', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite');
  });
  after(() => server.close());

  const envelopeOf = (text: string) => JSON.parse(text) as { meta: { result_code: number; result_msg: string; endpoint: unknown } };

  test('a path segment over the length limit: 414 in the envelope', async () => {
    for (const url of [`${server.apiUrl}/${'a'.repeat(150)}.x`, `${server.webUrl}/api/${'a'.repeat(150)}.x`, `${server.apiUrl}/v2.23/${'b'.repeat(300)}`]) {
      const response = await httpRequest(url, 'POST', { 'content-type': 'application/json' }, '{}');
      assert.equal(response.status, 414, url);
      const body = envelopeOf(response.text);
      assert.equal(body.meta.result_code, 414);
      assert.match(body.meta.result_msg, /too long/);
    }
  });

  test('a malformed percent-encoding in the path: 400 in the envelope', async () => {
    const response = await httpRequest(`${server.apiUrl}/auth.login%zz`, 'POST', {}, '{}');
    assert.equal(response.status, 400);
    assert.equal(envelopeOf(response.text).meta.result_code, 400);
  });

  async function raw(port: number, request: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write(request);
    });
  }

  test('headers too large, and what is not HTTP at all: 431 and 400 in the envelope', async () => {
    const port = (server.foyer.api.server.address() as AddressInfo).port;
    const big = await raw(port, `POST /debug.ping HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nContent-Length: 2\r\n\r\n{}`);
    assert.match(big, /^HTTP\/1\.1 431 /);
    assert.equal(envelopeOf(big.slice(big.indexOf('\r\n\r\n') + 4)).meta.result_code, 431);
    const garbage = await raw(port, 'HELLO THERE\r\n\r\n');
    assert.match(garbage, /^HTTP\/1\.1 400 /);
    assert.equal(envelopeOf(garbage.slice(garbage.indexOf('\r\n\r\n') + 4)).meta.result_code, 400);
  });
});

describe('slow and stuck clients', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite', { FOYER_REQUEST_TIMEOUT_SEC: '1', FOYER_HEADERS_TIMEOUT_SEC: '1', FOYER_MAX_CONNECTIONS_PER_IP: '256' });
  });
  after(() => server.close());

  /** A client that sends the headers and one byte of a 100-byte body, then nothing, from another loopback address. */
  function stuckClient(port: number): Promise<{ socket: Socket; closed: Promise<string> }> {
    return new Promise((resolve) => {
      const socket = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2' });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('error', () => {});
      const closed = new Promise<string>((done) => socket.on('close', () => done(text)));
      socket.on('connect', () => {
        socket.write('POST /debug.ping HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
        resolve({ socket, closed });
      });
      socket.on('close', () => resolve({ socket, closed }));
    });
  }

  test('1,200 stuck connections from one address: others are served meanwhile, and every stuck one is answered 408 and dropped', async () => {
    const port = (server.foyer.api.server.address() as AddressInfo).port;
    const stuck = await Promise.all(Array.from({ length: 1200 }, () => stuckClient(port)));
    const held = await new Promise<number>((resolve, reject) => server.foyer.api.server.getConnections((error, n) => (error ? reject(error) : resolve(n))));
    assert.ok(held <= 256, `the server holds at most 256 sockets from one address (${held})`);
    const served = await server.call('debug.ping', {});
    assert.equal(served.status, 200, 'a client from another address is served while they hang');
    const endings = await Promise.race([
      Promise.all(stuck.map((client) => client.closed)),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 8000)),
    ]);
    assert.notEqual(endings, 'timeout', 'the server closed every stuck connection within a few seconds');
    const answers = endings as string[];
    const timedOut = answers.filter((text) => text.startsWith('HTTP/1.1 408 '));
    const refusedAtOnce = answers.filter((text) => text === '');
    assert.ok(refusedAtOnce.length > 0, 'connections beyond the per-address cap are closed at once');
    assert.ok(timedOut.length >= 256, 'the ones let in are answered 408 when their time is up');
    assert.equal(timedOut.length + refusedAtOnce.length, 1200, 'nothing else happened to any of them');
    assert.equal(JSON.parse(timedOut[0]!.slice(timedOut[0]!.indexOf('\r\n\r\n') + 4)).meta.result_code, 408);
    const after = await server.call('debug.ping', {});
    assert.equal(after.status, 200);
  });
});

describe('client addresses behind a proxy', () => {
  for (const setting of ['true', '1', '127.0.0.1', '127.0.0.0/8']) {
    test(`FOYER_TRUST_PROXY=${setting}: the right-most hop the proxy added, never what the client wrote`, async () => {
      const { server, adminToken } = await startWithAdmin('sqlite', { FOYER_TRUST_PROXY: setting });
      try {
        const key = await server.createKey(adminToken, 'behind proxy');
        const login = await server.call('auth.login', undefined, {
          method: 'GET',
          basic: [key.access_key, key.secret_key],
          headers: { 'x-forwarded-for': '203.0.113.66, 198.51.100.7' },
        });
        assert.equal(login.status, 200);
        const list = await server.call('auth.get_credentials', {}, { token: adminToken });
        const row = list.body.data.credentials.find((c: { access_key: string }) => c.access_key === key.access_key);
        assert.equal(row.last_used_from, '198.51.100.7');
      } finally {
        await server.close();
      }
    });
  }

  test('a spoofed left-most X-Forwarded-For gives no fresh throttle counter', async () => {
    const server = await startServer('sqlite', { FOYER_TRUST_PROXY: 'true', FOYER_LOGIN_FREE_FAILURES_PER_IP: '3', FOYER_LOGIN_FREE_FAILURES: '100' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const call = await server.call('auth.login', {}, { basic: [`nobody${i}@example.com`, 'wrong-password'], headers: { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.7` } });
        statuses.push(call.status);
      }
      assert.ok(statuses.includes(429), `the proxy's client was throttled: ${statuses.join(' ')}`);
    } finally {
      await server.close();
    }
  });

  test('a bad FOYER_TRUST_PROXY is refused at start with a message that says what it takes', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'foyer-cfg-'));
    try {
      for (const bad of ['yes', '10.0.0.0/99', 'proxy.example.com', '11']) {
        assert.throws(() => loadConfig({ FOYER_DATA_DIR: dataDir, FOYER_TRUST_PROXY: bad }), /FOYER_TRUST_PROXY/);
      }
      assert.throws(() => loadConfig({ FOYER_DATA_DIR: dataDir, FOYER_CORS_ORIGINS: 'https://ok.example, https://bad.example/path' }), /FOYER_CORS_ORIGINS/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('files on disk', () => {
  test('the data dir is made 0700 and the database and key files 0600, also when they already existed', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'foyer-perm-'));
    const dataDir = join(parent, 'data');
    try {
      mkdirSync(dataDir, { mode: 0o755 });
      chmodSync(dataDir, 0o755);
      for (const name of ['foyer.sqlite', 'foyer.sqlite-wal', 'foyer.sqlite-shm']) {
        writeFileSync(join(dataDir, name), '');
        chmodSync(join(dataDir, name), 0o644);
      }
      writeFileSync(join(dataDir, 'secret.key'), `${'ab'.repeat(32)}\n`);
      chmodSync(join(dataDir, 'secret.key'), 0o644);
      const foyer = await createFoyer(loadConfig({ FOYER_DATA_DIR: dataDir }));
      try {
        await foyer.services.db.selectFrom('users').select('id').execute();
        assert.equal(statSync(dataDir).mode & 0o777, 0o700);
        for (const name of ['foyer.sqlite', 'foyer.sqlite-wal', 'foyer.sqlite-shm', 'secret.key']) {
          assert.equal(statSync(join(dataDir, name)).mode & 0o777, 0o600, name);
        }
      } finally {
        await foyer.close();
      }
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
