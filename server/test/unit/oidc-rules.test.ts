// The pure rules of OpenID Connect sign-in (src/oidc/rules.ts) and the FOYER_OIDC_PROVIDERS setting (src/config.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personFromClaims, planMemberships, rolesFromRules } from '../../src/oidc/rules.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

const provider = { trust_unverified_email: false, groups_claim: 'groups' };

test('the person: a verified address (lower-cased), a name, the groups; an unverified address only from a trusted provider', () => {
  const person = personFromClaims({ sub: 's1', email: 'Ann@Corp.Example', email_verified: true, name: ' Ann  Lee ', groups: ['/ml-admins', 7] }, provider);
  assert.deepEqual(person, { subject: 's1', email: 'ann@corp.example', name: 'Ann Lee', groups: ['/ml-admins'] });
  assert.equal(personFromClaims({ sub: 's1', email: 'ann@corp.example' }, provider), 'email_unverified');
  assert.equal(personFromClaims({ sub: 's1', email: 'ann@corp.example', email_verified: 'false' }, provider), 'email_unverified');
  assert.notEqual(typeof personFromClaims({ sub: 's1', email: 'ann@corp.example' }, { ...provider, trust_unverified_email: true }), 'string');
  assert.equal(personFromClaims({ sub: 's1', email_verified: true }, provider), 'email_missing');
  assert.equal(personFromClaims({ email: 'ann@corp.example', email_verified: true }, provider), 'token_invalid');
});

test('rules: by domain and by group (a Keycloak "/" prefix or not), the highest role per workspace; a rule with no condition admits everyone', () => {
  const rules = [
    { email_domain: 'corp.example', workspace: 'Research', role: 'member' as const },
    { group: 'ml-admins', workspace: 'Research', role: 'admin' as const },
    { group: 'platform', workspace: 'Platform', role: 'member' as const },
    { workspace: 'Everyone', role: 'member' as const },
  ];
  assert.deepEqual([...rolesFromRules(rules, { email: 'a@corp.example', groups: ['/ml-admins'] })], [['Research', 'admin'], ['Everyone', 'member']]);
  assert.deepEqual([...rolesFromRules(rules, { email: 'a@sub.corp.example', groups: ['platform'] })], [['Platform', 'member'], ['Everyone', 'member']]);
});

test('the plan: joins, role changes and departures for rule-given memberships; hand-given ones untouched; hand-changed ones released', () => {
  const plan = planMemberships(
    new Map([['w-new', 'member'], ['w-up', 'admin'], ['w-hand', 'admin'], ['w-changed', 'member']] as const),
    new Map([['w-up', 'member'], ['w-hand', 'member'], ['w-gone', 'member'], ['w-changed', 'owner'], ['w-kept-by-hand', 'admin']] as const),
    new Map([['w-up', 'member'], ['w-gone', 'member'], ['w-changed', 'member'], ['w-kept-by-hand', 'member'], ['w-left', 'member']] as const),
  );
  assert.deepEqual(plan.join, [{ workspaceId: 'w-new', role: 'member' }]);
  assert.deepEqual(plan.changeRole, [{ workspaceId: 'w-up', from: 'member', role: 'admin' }]);
  assert.deepEqual(plan.remove, ['w-gone']);
  assert.deepEqual(plan.release.sort(), ['w-changed', 'w-kept-by-hand', 'w-left']);
  assert.deepEqual(plan.grant, [{ workspaceId: 'w-new', role: 'member' }, { workspaceId: 'w-up', role: 'admin' }]);
});

test('FOYER_OIDC_PROVIDERS: a JSON list or a file; defaults filled in; a bad value stops the start naming the entry and field, never the secret', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'foyer-oidc-config-'));
  const base = { FOYER_DATA_DIR: dataDir, FOYER_SECRET_KEY: 'a'.repeat(64) };
  const entry = { id: 'corp', name: 'Corp', issuer: 'https://id.corp.example/realms/main', client_id: 'foyer', client_secret: 'very-secret-value' };
  const loaded = loadConfig({ ...base, FOYER_OIDC_PROVIDERS: JSON.stringify([entry]) }).oidcProviders;
  assert.deepEqual(loaded, [{ ...entry, scopes: ['openid', 'email', 'profile'], trust_unverified_email: false, groups_claim: 'groups', rules: [] }]);
  const file = join(dataDir, 'providers.json');
  writeFileSync(file, JSON.stringify([{ ...entry, rules: [{ group: 'ml', workspace: 'Research', role: 'admin' }] }]));
  assert.equal(loadConfig({ ...base, FOYER_OIDC_PROVIDERS: file }).oidcProviders[0]!.rules[0]!.role, 'admin');
  const refuse = (value: string, pattern: RegExp) =>
    assert.throws(() => loadConfig({ ...base, FOYER_OIDC_PROVIDERS: value }), (error: Error) => error instanceof ConfigError && pattern.test(error.message) && !error.message.includes('very-secret-value'));
  refuse('[{', /not valid JSON/);
  refuse(join(dataDir, 'missing.json'), /cannot be read/);
  refuse(JSON.stringify([{ ...entry, issuer: 'http://id.corp.example' }]), /entry 1, field "issuer": an https URL/);
  refuse(JSON.stringify([{ ...entry, scopes: ['email'] }]), /field "scopes"/);
  refuse(JSON.stringify([{ ...entry, id: 'Has Spaces' }]), /field "id"/);
  refuse(JSON.stringify([entry, entry]), /given to two providers/);
  refuse(JSON.stringify([{ ...entry, rules: [{ workspace: 'Research', role: 'owner' }] }]), /field "rules.0.role"/);
  refuse(JSON.stringify([{ ...entry, client_secret: undefined }]), /field "client_secret"/);
});
