// Starts a real Foyer (both ports, real sockets) on a fresh database, SQLite or PostgreSQL, for API tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { createFoyer, type Foyer, type FoyerOptions } from '../../src/app.ts';
import { createUserAccount } from '../../src/users/accounts.ts';
import type { ServerRole } from '../../src/db/schema.ts';

export type Dialect = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when FOYER_TEST_DATABASE_URL names a server (npm test starts one). */
export function dialects(): Dialect[] {
  return process.env.FOYER_TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface CallOptions {
  token?: string;
  basic?: [string, string];
  authorization?: string;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST' | 'PUT';
  query?: string;
  /** raw body bytes or text instead of JSON */
  raw?: string | Buffer;
  /** call through the web port's /api prefix */
  viaWeb?: boolean;
  path?: string;
}

export interface CallResult {
  status: number;
  body: { meta: Record<string, any>; data: any };
  headers: Headers;
}

export interface TestServer {
  dialect: Dialect;
  foyer: Foyer;
  apiUrl: string;
  webUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  call(name: string, body?: unknown, options?: CallOptions): Promise<CallResult>;
  createUser(input: { email: string; password: string; name?: string; role?: ServerRole }): Promise<{ userId: string; workspaceId: string }>;
  login(email: string, password: string): Promise<string>;
  createKey(token: string, label?: string): Promise<{ access_key: string; secret_key: string }>;
  close(): Promise<void>;
}

async function createPgDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `foyer_test_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** node:http rather than fetch: fetch refuses a body on GET, which is what the ClearML clients send. */
export function httpRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  payload?: string | Buffer,
): Promise<{ status: number; text: string; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const allHeaders = payload !== undefined ? { ...headers, 'content-length': String(Buffer.byteLength(payload)) } : headers;
    const req = request(url, { method, headers: allHeaders }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) value.forEach((v) => responseHeaders.append(key, v));
          else if (value !== undefined) responseHeaders.set(key, value);
        }
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: responseHeaders });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

/** The Authorization header of a Basic sign-in, with an email and password or an access key and secret. */
export function basicAuthorization(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}

/** `options`: what createFoyer takes besides the configuration (a region finder that stays on 127.0.0.1, say). */
export async function startServer(dialect: Dialect, env: Record<string, string> = {}, options: FoyerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'foyer-test-'));
  const pgDb = dialect === 'postgres' ? await createPgDatabase(process.env.FOYER_TEST_DATABASE_URL!) : undefined;
  return startNode(dialect, dataDir, pgDb?.url, env, options, async () => {
    await pgDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
}

/**
 * Another node of the same deployment: its own process state (caches, recorders), the same database and the same
 * master key (SQLite: the same data dir and key file). Closing it leaves the database to the first node.
 */
export function startSecondNode(first: TestServer, env: Record<string, string> = {}): Promise<TestServer> {
  return startNode(first.dialect, first.dataDir, first.databaseUrl, env, {}, async () => {});
}

async function startNode(
  dialect: Dialect,
  dataDir: string,
  databaseUrl: string | undefined,
  env: Record<string, string>,
  options: FoyerOptions,
  dispose: () => Promise<void>,
): Promise<TestServer> {
  const config = loadConfig({
    FOYER_DATA_DIR: dataDir,
    FOYER_HOST: '127.0.0.1',
    FOYER_WEB_PORT: '1',
    FOYER_API_PORT: '2',
    FOYER_PUBLIC_WEB_URL: 'http://127.0.0.1:8080',
    FOYER_PUBLIC_API_URL: 'http://127.0.0.1:8008',
    FOYER_PUBLIC_FILES_URL: 'http://127.0.0.1:8081',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const foyer = await createFoyer(config, options);
  await foyer.api.listen({ host: '127.0.0.1', port: 0 });
  await foyer.web.listen({ host: '127.0.0.1', port: 0 });
  const apiUrl = `http://127.0.0.1:${(foyer.api.server.address() as AddressInfo).port}`;
  const webUrl = `http://127.0.0.1:${(foyer.web.server.address() as AddressInfo).port}`;

  const call: TestServer['call'] = async (name, body, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.basic) headers.authorization = basicAuthorization(...options.basic);
    if (options.authorization !== undefined) headers.authorization = options.authorization;
    let payload: string | Buffer | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const base = options.viaWeb ? `${webUrl}/api` : apiUrl;
    const url = `${base}${options.path ?? `/${name}`}${options.query ? `?${options.query}` : ''}`;
    const method = options.method ?? 'POST';
    const response = await httpRequest(url, method, headers, payload);
    const text = response.text;
    let parsed: CallResult['body'];
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${name}: HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };

  const server: TestServer = {
    dialect,
    foyer,
    apiUrl,
    webUrl,
    dataDir,
    databaseUrl,
    call,
    createUser: ({ email, password, name = email.split('@')[0]!, role = 'user' }) =>
      createUserAccount(foyer.services.db, config, { email, password, name, serverRole: role, now: Date.now() }),
    async login(email, password) {
      const result = await call('auth.login', undefined, { basic: [email, password] });
      if (result.status !== 200) throw new Error(`login ${email} failed: ${JSON.stringify(result.body.meta)}`);
      return result.body.data.token as string;
    },
    async createKey(token, label) {
      const result = await call('auth.create_credentials', label ? { label } : {}, { token });
      if (result.status !== 200) throw new Error(`create_credentials failed: ${JSON.stringify(result.body.meta)}`);
      return result.body.data.credentials;
    },
    async close() {
      await foyer.close();
      await dispose();
    },
  };
  return server;
}

/** A server with a first administrator, signed in. */
export async function startWithAdmin(dialect: Dialect, env: Record<string, string> = {}, options: FoyerOptions = {}) {
  const server = await startServer(dialect, env, options);
  await server.createUser({ ...ADMIN, name: 'Ada Admin', role: 'admin' });
  const adminToken = await server.login(ADMIN.email, ADMIN.password);
  return { server, adminToken };
}
