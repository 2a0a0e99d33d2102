import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFoyer } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { generate } from 'otplib';

const BIN = fileURLToPath(new URL('../bin/foyer.js', import.meta.url));

function foyer(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, FOYER_DATA_DIR: dataDir }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the foyer CLI', () => {
  test('users create, credentials create (a key pair that signs in), users set-password, migrate', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'foyer-cli-'));
    try {
      const created = foyer(dataDir, 'users', 'create', '--email', 'Ops@Example.com', '--password', 'ops-password-1', '--name', 'Ops', '--admin');
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /Created administrator/);
      const duplicate = foyer(dataDir, 'users', 'create', '--email', 'ops@example.com', '--password', 'ops-password-1', '--name', 'Ops');
      assert.equal(duplicate.code, 2);
      assert.match(duplicate.stderr, /already exists/);
      const keys = foyer(dataDir, 'credentials', 'create', '--email', 'ops@example.com', '--label', 'ci');
      assert.equal(keys.code, 0, keys.stderr);
      const accessKey = /CLEARML_API_ACCESS_KEY=([A-Z0-9]{30})/.exec(keys.stdout)?.[1];
      const secretKey = /CLEARML_API_SECRET_KEY=(foyer_[0-9A-Za-z]{61})$/m.exec(keys.stdout)?.[1];
      assert.ok(accessKey && secretKey);
      const setPassword = foyer(dataDir, 'users', 'set-password', '--email', 'ops@example.com', '--password', 'new-ops-password-2');
      assert.equal(setPassword.code, 0, setPassword.stderr);
      assert.match(foyer(dataDir, 'migrate').stdout, /up to date/);
      assert.equal(foyer(dataDir, 'users', 'create', '--email', 'x@example.com').code, 2, 'missing options are a usage error');
      assert.equal(foyer(dataDir, 'bogus').code, 2);
      assert.equal(statSync(join(dataDir, 'secret.key')).mode & 0o777, 0o600, 'the generated key file is private');

      const app = await createFoyer(loadConfig({ FOYER_DATA_DIR: dataDir }));
      try {
        const login = await app.api.inject({ method: 'GET', url: '/auth.login', headers: { authorization: `Basic ${Buffer.from(`${accessKey}:${secretKey}`).toString('base64')}` } });
        assert.equal(login.statusCode, 200);
        const oldPassword = await app.api.inject({ method: 'GET', url: '/auth.login', headers: { authorization: `Basic ${Buffer.from('ops@example.com:ops-password-1').toString('base64')}` } });
        assert.equal(oldPassword.statusCode, 401);
        const newPassword = await app.api.inject({ method: 'GET', url: '/auth.login', headers: { authorization: `Basic ${Buffer.from('ops@example.com:new-ops-password-2').toString('base64')}` } });
        assert.equal(newPassword.statusCode, 200);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('users reset-link prints a link that works once, without SMTP, and voids the one printed before', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'foyer-cli-'));
    try {
      assert.equal(foyer(dataDir, 'users', 'create', '--email', 'lee@example.com', '--password', 'lee-password-1', '--name', 'Lee').code, 0);
      const linkOf = (stdout: string) => /^(http:\/\/127\.0\.0\.1:8080\/reset-password#(\S+))$/m.exec(stdout);
      const first = foyer(dataDir, 'users', 'reset-link', '--email', 'LEE@example.com');
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /works once, for 30 minutes/);
      const second = foyer(dataDir, 'users', 'reset-link', '--email', 'lee@example.com');
      const [firstToken, secondToken] = [linkOf(first.stdout)?.[2], linkOf(second.stdout)?.[2]];
      assert.ok(firstToken && secondToken && firstToken !== secondToken, first.stdout);
      const unknown = foyer(dataDir, 'users', 'reset-link', '--email', 'nobody@example.com');
      assert.deepEqual([unknown.code, /No user with email nobody@example.com/.test(unknown.stderr)], [2, true]);
      assert.equal(foyer(dataDir, 'users', 'reset-link').code, 2, 'a missing --email is a usage error');
      assert.match(foyer(dataDir, 'help').stdout + foyer(dataDir, 'help').stderr, /users reset-link --email E/);

      const app = await createFoyer(loadConfig({ FOYER_DATA_DIR: dataDir }));
      try {
        const reset = (token: string) =>
          app.api.inject({ method: 'POST', url: '/auth.reset_password', payload: { token: decodeURIComponent(token), password: 'lee-password-2' } });
        assert.equal(JSON.parse((await reset(firstToken)).body).meta.error_data.reason, 'replaced');
        assert.equal((await reset(secondToken)).statusCode, 200);
        assert.equal(JSON.parse((await reset(secondToken)).body).meta.error_data.reason, 'used');
        const signIn = await app.api.inject({ method: 'GET', url: '/auth.login', headers: { authorization: `Basic ${Buffer.from('lee@example.com:lee-password-2').toString('base64')}` } });
        assert.equal(signIn.statusCode, 200);
        const logged = await app.services.db.selectFrom('audit_events').select(['kind', 'client', 'details']).where('kind', '=', 'password.reset_requested').execute();
        assert.deepEqual(logged.map((row) => [row.client, JSON.parse(row.details).via]), [['foyer CLI', 'cli'], ['foyer CLI', 'cli']]);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  test('users turn-off-two-factor lets someone who lost their phone and their recovery codes sign in with the password again, and says so in their log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'foyer-cli-'));
    try {
      assert.equal(foyer(dataDir, 'users', 'create', '--email', 'kim@example.com', '--password', 'kim-password-1', '--name', 'Kim').code, 0);
      const basic = `Basic ${Buffer.from('kim@example.com:kim-password-1').toString('base64')}`;
      let app = await createFoyer(loadConfig({ FOYER_DATA_DIR: dataDir }));
      try {
        const token = JSON.parse((await app.api.inject({ method: 'GET', url: '/auth.login', headers: { authorization: basic } })).body).data.token;
        const begun = JSON.parse((await app.api.inject({ method: 'POST', url: '/users.begin_two_factor', headers: { authorization: `Bearer ${token}` }, payload: { password: 'kim-password-1' } })).body).data;
        const enabled = await app.api.inject({ method: 'POST', url: '/users.enable_two_factor', headers: { authorization: `Bearer ${token}` }, payload: { code: await generate({ secret: begun.secret }) } });
        assert.equal(enabled.statusCode, 200, enabled.body);
        assert.equal(JSON.parse((await app.api.inject({ method: 'GET', url: '/auth.login', headers: { authorization: basic } })).body).meta.result_subcode, 23, 'a code is needed now');
      } finally {
        await app.close();
      }

      const off = foyer(dataDir, 'users', 'turn-off-two-factor', '--email', 'KIM@example.com');
      assert.equal(off.code, 0, off.stderr);
      assert.match(off.stdout, /Two-factor sign-in is off for kim@example\.com/);
      const again = foyer(dataDir, 'users', 'turn-off-two-factor', '--email', 'kim@example.com');
      assert.deepEqual([again.code, /does not have two-factor sign-in on; nothing changed/.test(again.stdout)], [0, true]);
      assert.equal(foyer(dataDir, 'users', 'turn-off-two-factor', '--email', 'nobody@example.com').code, 2);
      assert.match(foyer(dataDir, 'help').stdout, /users turn-off-two-factor --email E/);

      app = await createFoyer(loadConfig({ FOYER_DATA_DIR: dataDir }));
      try {
        assert.equal((await app.api.inject({ method: 'GET', url: '/auth.login', headers: { authorization: basic } })).statusCode, 200, 'the password alone signs in');
        assert.equal(await app.services.db.selectFrom('recovery_codes').select('code_hash').executeTakeFirst(), undefined, 'the recovery codes are gone');
        const logged = await app.services.db.selectFrom('audit_events').select(['actor_user_id', 'client', 'details']).where('kind', '=', 'two_factor.disabled').execute();
        assert.deepEqual(logged.map((row) => [row.actor_user_id, row.client, JSON.parse(row.details).via]), [[null, 'foyer CLI', 'cli']], 'once, as the operator');
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
