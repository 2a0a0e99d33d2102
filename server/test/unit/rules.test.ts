// Pure rules, without HTTP or SQL.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPreferences } from '../../src/users/preferences.ts';
import { assertCleanStrings, coerceQueryValue, dropTransportFields, mergeQuery, parseJsonBody } from '../../src/http/request-body.ts';
import { delayAfterFailures } from '../../src/auth/throttle.ts';
import { newAccessKey, newSecretKey, secretMatches, hashSecret, isFoyerSecret } from '../../src/credentials/keys.ts';
import { passwordProblem } from '../../src/auth/passwords.ts';
import { effectiveMemberLimit, seatsLeft } from '../../src/workspaces/seats.ts';
import { ApiError } from '../../src/http/errors.ts';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return `${error.code}/${error.subcode}`;
    throw error;
  }
  return 'ok';
};

describe('preferences', () => {
  test('paths create missing groups; values replace; nothing else moves', () => {
    const { preferences, changed } = applyPreferences({ a: { keep: 1, x: { old: true } } }, { 'a.x': { new: true }, 'b.c.d': 2 });
    assert.equal(changed, true);
    assert.deepEqual(preferences, { a: { keep: 1, x: { new: true } }, b: { c: { d: 2 } } });
  });
  test('an equal result is no change', () => {
    assert.equal(applyPreferences({ a: 1 }, { a: 1 }).changed, false);
  });
  test('invalid keys and paths', () => {
    assert.equal(code(() => applyPreferences({}, { $x: 1 })), '400/16');
    assert.equal(code(() => applyPreferences({}, { x: [{ $y: 1 }] })), '400/16');
    assert.equal(code(() => applyPreferences({}, { 'a..b': 1 })), '400/16');
    assert.equal(code(() => applyPreferences({ a: 5 }, { 'a.b': 1 })), '400/305');
  });
  test('the input is never mutated', () => {
    const current = { a: { b: 1 } };
    applyPreferences(current, { 'a.b': 2 });
    assert.deepEqual(current, { a: { b: 1 } });
  });
});

describe('request bodies', () => {
  test('JSON objects only, in UTF-8', () => {
    assert.deepEqual(parseJsonBody(Buffer.from('')), {});
    assert.deepEqual(parseJsonBody(Buffer.from('{"a":1}')), { a: 1 });
    assert.equal(code(() => parseJsonBody(Buffer.from('[1]'))), '400/0');
    assert.equal(code(() => parseJsonBody(Buffer.from('{bad'))), '400/0');
    assert.equal(code(() => parseJsonBody(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))), '400/0');
  });
  test('query coercion', () => {
    assert.equal(coerceQueryValue('42'), 42);
    assert.equal(coerceQueryValue('4.5'), 4.5);
    assert.equal(coerceQueryValue('TRUE'), true);
    assert.equal(coerceQueryValue('False'), false);
    assert.equal(coerceQueryValue('1e3'), '1e3');
    assert.equal(coerceQueryValue('12345678901234567890'), '12345678901234567890', 'beyond safe integers stays text');
  });
  test('query merge refuses prototype keys', () => {
    assert.equal(code(() => mergeQuery({}, '__proto__.polluted=1')), '400/0');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
  test('strings must be well-formed Unicode without NUL', () => {
    assert.equal(code(() => assertCleanStrings({ a: 'ok' })), 'ok');
    assert.equal(code(() => assertCleanStrings({ a: '\ud800' })), '400/0');
    assert.equal(code(() => assertCleanStrings({ a: ['x\u0000'] })), '400/0');
    assert.equal(code(() => assertCleanStrings(JSON.parse('{"__proto__": 1}'))), '400/0');
  });
  test('only the SDK\'s method field is dropped', () => {
    assert.deepEqual(dropTransportFields({ method: 'get', a: 1 }), { a: 1 });
    assert.deepEqual(dropTransportFields({ method: 'DELETE' }), { method: 'DELETE' });
  });
});

describe('throttling', () => {
  test('free failures, then doubling waits, capped', () => {
    const policy = { freeFailures: 5, maxDelaySec: 900 };
    assert.deepEqual([1, 5, 6, 7, 8, 9].map((n) => delayAfterFailures(n, policy)), [0, 0, 1, 2, 4, 8]);
    assert.equal(delayAfterFailures(100, policy), 900);
  });
});

describe('keys', () => {
  test('a scanner tells a Foyer secret from noise by its prefix and checksum: any one character changed fails it', () => {
    const secret = newSecretKey();
    for (let at = 0; at < secret.length; at++) {
      const other = secret[at] === 'a' ? 'b' : 'a';
      assert.equal(isFoyerSecret(secret.slice(0, at) + other + secret.slice(at + 1)), false, `changed at ${at}`);
    }
    for (const noise of ['', 'foyer_', `foyer_${'a'.repeat(61)}`, secret.slice(0, -1), `${secret}a`, secret.toUpperCase(), 'x'.repeat(67)]) {
      assert.equal(isFoyerSecret(noise), false, noise);
    }
  });

  test('formats and constant-time comparison of hashes', () => {
    const keys = new Set(Array.from({ length: 200 }, newAccessKey));
    assert.equal(keys.size, 200);
    for (const key of keys) assert.match(key, /^[A-Z0-9]{30}$/);
    const secrets = new Set(Array.from({ length: 200 }, newSecretKey));
    assert.equal(secrets.size, 200);
    for (const secret of secrets) {
      assert.match(secret, /^foyer_[0-9A-Za-z]{61}$/);
      assert.equal(isFoyerSecret(secret), true, secret);
    }
    const secret = newSecretKey();
    assert.equal(secretMatches(secret, hashSecret(secret)), true);
    assert.equal(secretMatches(`${secret}x`, hashSecret(secret)), false);
    assert.notEqual(hashSecret(secret), secret);
  });
});

describe('passwords and limits', () => {
  test('password rules', () => {
    assert.match(passwordProblem('short') ?? '', /at least 8/);
    assert.match(passwordProblem('a@b.example', 'A@B.example') ?? '', /email/);
    assert.equal(passwordProblem('long enough'), undefined);
  });
  test('member limits: the smaller of workspace and server, null for none', () => {
    assert.equal(effectiveMemberLimit(null, null), null);
    assert.equal(effectiveMemberLimit(5, null), 5);
    assert.equal(effectiveMemberLimit(null, 10), 10);
    assert.equal(effectiveMemberLimit(20, 10), 10);
  });
  test('seats left: members and email-bound links both hold one; never below 0; null without a limit', () => {
    assert.equal(seatsLeft(10, 6, 2), 2);
    assert.equal(seatsLeft(5, 4, 3), 0);
    assert.equal(seatsLeft(null, 100, 5), null);
  });
});

describe('configuration', () => {
  const made: string[] = [];
  const dir = () => {
    made.push(mkdtempSync(join(tmpdir(), 'foyer-config-')));
    return made[made.length - 1]!;
  };
  after(() => {
    for (const path of made) rmSync(path, { recursive: true, force: true });
  });
  test('defaults: ClearML ports, three distinct URLs, single mode', () => {
    const config = loadConfig({ FOYER_DATA_DIR: dir() });
    assert.deepEqual([config.webPort, config.apiPort, config.mode], [8080, 8008, 'single']);
    assert.deepEqual([config.publicWebUrl, config.publicApiUrl, config.publicFilesUrl], ['http://127.0.0.1:8080', 'http://127.0.0.1:8008', 'http://127.0.0.1:8081']);
  });
  test('bad settings are refused with a clear message', () => {
    assert.throws(() => loadConfig({ FOYER_DATA_DIR: dir(), FOYER_MODE: 'cluster' }), ConfigError);
    assert.throws(() => loadConfig({ FOYER_DATA_DIR: dir(), FOYER_WEB_PORT: 'eighty' }), /FOYER_WEB_PORT/);
    assert.throws(() => loadConfig({ FOYER_DATA_DIR: dir(), FOYER_PUBLIC_API_URL: 'http://127.0.0.1:8080' }), /distinct/);
    assert.throws(() => loadConfig({ FOYER_DATA_DIR: dir(), FOYER_ADMIN_EMAIL: 'a@b.c' }), /both/);
    assert.throws(() => loadConfig({ FOYER_DATA_DIR: dir(), FOYER_SECRET_KEY: 'short' }), /FOYER_SECRET_KEY/);
  });
  test('a setting refused at start leaves no master key in the data dir', () => {
    const dataDir = dir();
    assert.throws(() => loadConfig({ FOYER_DATA_DIR: dataDir, FOYER_AUDIT_RETENTION_DAYS: 'a year' }), /FOYER_AUDIT_RETENTION_DAYS/);
    assert.deepEqual(readdirSync(dataDir), []);
  });
});
