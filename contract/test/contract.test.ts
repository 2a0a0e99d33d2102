// The contract's own rules: the one email rule both sides apply, and schemas every endpoint can be documented by.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { endpointContracts, isEmailAddress, normalizeEmail, SUBCODES } from '../src/index.ts';

describe('the email rule', () => {
  test('one spelling: surrounding spaces and invisible characters go, case folds, NFC', () => {
    assert.equal(normalizeEmail('  Ada@Example.COM\u200b\n'), 'ada@example.com');
    assert.equal(normalizeEmail('re\u0301ne@example.com'), 'r\u00e9ne@example.com');
  });

  test('an address, or not', () => {
    for (const good of ['ada@example.com', ' Ada@Example.com ', 'a.b+c@sub.example.org', 'r\u00e9ne@example.fr']) assert.equal(isEmailAddress(good), true, good);
    for (const bad of ['ada', 'ada@', '@example.com', 'ada@example', 'a da@example.com', 'ada@exa\u200bmple.com', 'ada@@example.com', `${'a'.repeat(250)}@example.com`]) {
      assert.equal(isEmailAddress(bad), false, bad);
    }
  });
});

describe('the endpoints', () => {
  test('each has a summary and a parameter schema that JSON Schema can describe', () => {
    const names = Object.keys(endpointContracts);
    assert.ok(names.length >= 45, `${names.length} endpoints`);
    for (const [name, contract] of Object.entries(endpointContracts)) {
      assert.match(name, /^[a-z_]+\.[a-z_]+$/);
      assert.ok(contract.summary.length > 10, name);
      const schema = z.toJSONSchema(contract.params, { io: 'input', unrepresentable: 'any' }) as { type?: string };
      assert.equal(schema.type, 'object', name);
    }
  });

  test('a field no endpoint names is refused by every strict schema', () => {
    for (const [name, contract] of Object.entries(endpointContracts)) {
      if (name === 'debug.ping') continue; // answers with whatever it was sent
      const result = contract.params.safeParse({ surely_not_a_field: 1 });
      assert.equal(result.success, false, name);
      assert.ok(result.error!.issues.some((issue) => issue.code === 'unrecognized_keys'), name);
    }
  });

  test('subcodes are distinct where they mean different things', () => {
    const { invalidCredentials, invalidToken, forbidden, crossSite, alreadyExists, credentialsLimit, notMember } = SUBCODES;
    assert.equal(new Set([alreadyExists, credentialsLimit, notMember]).size, 3);
    assert.equal(new Set([invalidCredentials, invalidToken]).size, 2);
    assert.notEqual(forbidden, crossSite);
  });
});
