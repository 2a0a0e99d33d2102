// Secrets at rest: after a person signs in, changes their password, makes an API key and uses it, the bytes
// the database keeps (SQLite: foyer.sqlite, -wal, -shm; PostgreSQL: every row of every table as text) hold
// no password, no secret key, no token or token signature, and no session id from a token.
// The same bytes must hold the email and the access key, which are stored in clear: that shows the search
// reads where the data really is.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { allEndpoints } from '../src/endpoints.ts';
import { dialects, startServer, type TestServer } from './support/server.ts';

const EMAIL = 'grace.secret@example.com';
const FIRST_PASSWORD = 'Rosebud-Sled-1941-kX9q';
const SECOND_PASSWORD = 'Kestrel-Lantern-7788-zQw';
const WRONG_PASSWORD = 'Wrong-Guess-Zebra-5150-pLm';
const LABEL = 'ci-runner-label-4471';
const WORKER = 'gpu-box-worker-9313';

interface Secret {
  what: string;
  bytes: Buffer;
}

function decodeJwt(token: string): { claims: Record<string, any>; signature: string } {
  const [, claims, signature] = token.split('.');
  return { claims: JSON.parse(Buffer.from(claims!, 'base64url').toString()), signature: signature! };
}

/** Every file in the data directory, recursively, as bytes. */
function readDataDir(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir, { recursive: true }).map(String)) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name, readFileSync(path));
  }
  return files;
}

/** Every row of every table of the test database, as PostgreSQL prints it. */
async function dumpPostgres(url: string): Promise<Map<string, Buffer>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ schemaname: string; tablename: string }>(
      "select schemaname, tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema')",
    );
    const dump = new Map<string, Buffer>();
    for (const { schemaname, tablename } of tables.rows) {
      const rows = await client.query<{ row: string }>(`select t::text as row from ${client.escapeIdentifier(schemaname)}.${client.escapeIdentifier(tablename)} t`);
      dump.set(`${schemaname}.${tablename}`, Buffer.from(rows.rows.map((r) => r.row).join('\n')));
    }
    return dump;
  } finally {
    await client.end();
  }
}

for (const dialect of dialects()) {
  describe(`secrets at rest (${dialect})`, () => {
    let server: TestServer;
    const secrets: Secret[] = [];
    const inClear: Secret[] = [];
    let accessKey = '';

    /** Text secrets, and for PostgreSQL also as hex (how it prints bytea). */
    function secret(what: string, value: string | Buffer) {
      const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value);
      secrets.push({ what, bytes });
      if (Buffer.isBuffer(value)) secrets.push({ what: `${what}, as hex`, bytes: Buffer.from(value.toString('hex')) });
    }

    function tokenSecrets(what: string, token: string) {
      const { claims, signature } = decodeJwt(token);
      secret(what, token);
      secret(`the signature of ${what}`, signature);
      secret(`the signature bytes of ${what}`, Buffer.from(signature, 'base64url'));
      assert.match(claims.session_id, /^[0-9a-f]{44}$/);
      secret(`the session_id of ${what}`, claims.session_id);
      secret(`the session_id bytes of ${what}`, Buffer.from(claims.session_id, 'hex'));
    }

    /** What the database keeps, by where it keeps it. */
    async function storedBytes(): Promise<Map<string, Buffer>> {
      await server.foyer.services.lastUsed.flush();
      if (dialect === 'postgres') return dumpPostgres(server.databaseUrl!);
      const files = readDataDir(server.dataDir);
      assert.ok(files.has('foyer.sqlite'), `the database file is in the data dir: ${[...files.keys()].join(', ')}`);
      assert.ok(files.has('foyer.sqlite-wal'), 'and its write-ahead log (the newest writes are there)');
      return files;
    }

    before(async () => {
      server = await startServer(dialect, { FOYER_LOGIN_FREE_FAILURES: '100', FOYER_REGION_LOOKUP: 'off' }); // its row names s3.example.com
      await server.createUser({ email: EMAIL, password: FIRST_PASSWORD, name: 'Grace Secret' });
      secret('the first password', FIRST_PASSWORD);
      secret('the second password', SECOND_PASSWORD);
      secret('a wrong password that was tried', WRONG_PASSWORD);
      secret('the Basic header of the first password', Buffer.from(`${EMAIL}:${FIRST_PASSWORD}`).toString('base64'));

      // a person signs in, changes the password, signs in again; a wrong password is tried once
      const first = await server.login(EMAIL, FIRST_PASSWORD);
      tokenSecrets('the first token', first);
      const changed = await server.call('users.change_password', { old_password: FIRST_PASSWORD, new_password: SECOND_PASSWORD }, { token: first });
      assert.equal(changed.status, 200, changed.body.meta.result_msg);
      const wrong = await server.call('auth.login', {}, { basic: [EMAIL, WRONG_PASSWORD] });
      assert.equal(wrong.status, 401);
      const second = await server.login(EMAIL, SECOND_PASSWORD);
      tokenSecrets('the second token', second);

      // an API key is made, signs in, and is used as the SDK and the agent use it
      const key = await server.createKey(second, LABEL);
      accessKey = key.access_key;
      secret('the secret key', key.secret_key);
      secret('the secret key bytes', Buffer.from(key.secret_key, 'base64url'));
      secret('the Basic header of the key pair', Buffer.from(`${key.access_key}:${key.secret_key}`).toString('base64'));
      const keyLogin = await server.call('auth.login', {}, { basic: [key.access_key, key.secret_key], headers: { 'x-clearml-worker': WORKER } });
      assert.equal(keyLogin.status, 200);
      const keyToken = keyLogin.body.data.token as string;
      tokenSecrets('the token opened with the key', keyToken);
      const worker = await server.call('workers.register', { worker: WORKER }, { token: keyToken, headers: { 'x-clearml-worker': WORKER } });
      assert.equal(worker.status, 200);
      assert.equal((await server.call('users.get_current_user', {}, { token: keyToken, headers: { 'x-clearml-worker': WORKER } })).status, 200);
      assert.equal((await server.call('users.set_preferences', { preferences: { 'ui.theme': 'dark' } }, { token: second })).status, 200);
      assert.equal((await server.call('auth.logout', {}, { token: first })).status, 200);

      const listed = await server.call('auth.get_credentials', {}, { token: second });
      const mine = listed.body.data.credentials.find((c: { access_key: string }) => c.access_key === accessKey);
      assert.equal(mine.last_used_from, WORKER, 'the key\'s use was recorded, so its rows were written after use');

      inClear.push({ what: 'the email', bytes: Buffer.from(EMAIL) }, { what: 'the access key', bytes: Buffer.from(accessKey) }, { what: 'the label', bytes: Buffer.from(LABEL) });
    });
    after(() => server.close());

    test('control: the stored bytes do hold what is kept in clear (email, access key, label)', async () => {
      const stored = await storedBytes();
      for (const { what, bytes } of inClear) {
        assert.ok([...stored.values()].some((content) => content.includes(bytes)), `${what} is found, so the search reads the real data`);
      }
    });

    test('the stored bytes hold no password, secret key, token, token signature or session id', async () => {
      const stored = await storedBytes();
      assert.ok(secrets.length >= 20, 'every secret is in the list');
      const found: string[] = [];
      for (const [where, content] of stored) {
        for (const { what, bytes } of secrets) if (content.includes(bytes)) found.push(`${what} in ${where}`);
      }
      assert.deepEqual(found, []);
    });

    test('passwords are stored as argon2id hashes', async () => {
      const row = await server.foyer.services.db.selectFrom('users').select('password_hash').where('email', '=', EMAIL).executeTakeFirstOrThrow();
      assert.match(row.password_hash, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
      const bySecond = await server.call('auth.login', {}, { basic: [EMAIL, SECOND_PASSWORD] });
      assert.equal(bySecond.status, 200, 'the hash is of the current password');
      const byFirst = await server.call('auth.login', {}, { basic: [EMAIL, FIRST_PASSWORD] });
      assert.equal(byFirst.status, 401, 'and no longer of the first one');
    });

    test('secret keys are stored only as a hash', async () => {
      const row = await server.foyer.services.db.selectFrom('credentials').select(['access_key', 'secret_hash']).where('access_key', '=', accessKey).executeTakeFirstOrThrow();
      assert.match(row.secret_hash, /^[0-9a-f]{64}$/);
    });

    if (allEndpoints().has('storage_access.set')) {
      test('a cloud access row\'s secret and session token are not stored in clear either', async () => {
        const cloudSecret = 'cloud-secret-access-key-Jq83Lm20Xv';
        const cloudToken = 'cloud-session-token-Pw61Tz95Hd';
        const token = await server.login(EMAIL, SECOND_PASSWORD);
        const set = await server.call(
          'storage_access.set',
          { provider: 's3', bucket: 'secrets-at-rest-bucket', key: 'AKIASECRETSATREST', secret: cloudSecret, token: cloudToken, endpoint: 'https://s3.example.com' },
          { token },
        );
        assert.equal(set.status, 200, set.body.meta.result_msg);
        const stored = await storedBytes();
        const all = [...stored.values()];
        assert.ok(all.some((content) => content.includes(Buffer.from('secrets-at-rest-bucket'))), 'control: the row is in the stored bytes');
        for (const value of [cloudSecret, cloudToken]) {
          assert.ok(!all.some((content) => content.includes(Buffer.from(value))), `${value} is not stored in clear`);
        }
      });
    }
  });
}
