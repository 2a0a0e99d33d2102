// Bad input, for every endpoint: broken bodies, wrong, missing and unknown fields, oversized and non-UTF-8
// bodies, broken Basic headers and forged, `alg: none`, tampered and expired JWTs. Each must get a 4xx in the
// full envelope with a sentence for people, never a 5xx, and must change nothing. Then HTML and SQL in text
// fields: taken and given back as data, never executed.
//
// The endpoints come from allEndpoints(), so a new one is covered at once: the transport variants need
// nothing, and the first test fails until VALID_BODIES below has a body for it (with every field it takes).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { allEndpoints } from '../src/endpoints.ts';
import type { Endpoint } from '../src/http/endpoint.ts';
import { ADMIN, dialects, startServer, startWithAdmin, type CallOptions, type CallResult, type TestServer } from './support/server.ts';

const endpoints = allEndpoints();

// ---------------------------------------------------------------------------------------------------------
// The table: one valid body per endpoint, naming every field the endpoint takes, so that each bad variant
// below differs from an acceptable call in exactly one respect. Ids come from the fixture made in before().

interface Fixture {
  adminToken: string;
  password: string;
  userId: string;
  workspaceId: string;
  memberId: string;
  accessKey: string;
  worker: string;
  inviteId: string;
  inviteToken: string;
  storageRowId: string;
  queueId: string;
  /** a fresh address each time, for sign-ups that must not collide */
  newEmail(): string;
}

type Body = Record<string, unknown>;

const SOME_PROJECT = '4b5e0d7a9c2f4e1b8a3d6c9f0e2b7a14';

/** What the project, task and report lists all take (experiments/params.ts). */
const listQueryBody = (): Body => ({
  id: [SOME_PROJECT],
  name: '^Research$',
  tags: ['gpu'],
  system_tags: ['-archived'],
  order_by: ['-last_update'],
  search_text: 'resnet',
  only_fields: ['name'],
  _all_: { pattern: 'res', datetime: '>=2026-01-01', fields: ['name'] },
  _any_: { pattern: 'res', datetime: '>=2026-01-01', fields: ['name', 'id'] },
  search_hidden: false,
  allow_public: false,
  filters: { tags: { any: { include: ['gpu'], exclude: ['cpu'] }, op: 'and' } },
  page: 0,
  page_size: 6,
  scroll_id: 'a-scroll-id',
  refresh_scroll: false,
  size: 6,
});

/** Endpoints that check the caller's password: a wrong one is counted by the sign-in throttle, as it must be. */
const PASSWORD_CONFIRMED = new Set(['users.change_password', 'users.change_email', 'auth.sign_in_and_join', 'users.begin_two_factor', 'users.disable_two_factor', 'users.renew_recovery_codes']);

/** A cursor of the logs' form (an entry's time and id), as next_cursor gives one. */
const AUDIT_CURSOR = Buffer.from(`${Date.now()}.${'f'.repeat(32)}`).toString('base64url');

const VALID_BODIES: Record<string, (fx: Fixture) => Body> = {
  'auth.login': () => ({ expiration_sec: 3600, otp: '123456' }),
  'auth.logout': () => ({ redirect_url: 'https://example.com/signed-out' }),
  'login.logout': () => ({ redirect_url: 'https://example.com/signed-out' }),
  'login.supported_modes': () => ({}),
  'auth.setup_admin': () => ({ token: 'a-setup-token', email: 'first@example.com', password: 'first-admin-password', name: 'First Admin' }),
  'auth.request_password_reset': () => ({ email: 'returning@example.com' }),
  'auth.get_password_reset': () => ({ token: 'a-reset-token' }),
  'auth.reset_password': () => ({ token: 'a-reset-token', password: 'a-new-password-1' }),
  'auth.sign_up': (fx) => ({ email: fx.newEmail(), password: 'newcomer-password-1', name: 'New Comer', invite_token: fx.inviteToken }),
  'auth.oidc_sign_in': () => ({ provider: 'corp', callback: 'code=a-code&state=a-state' }),
  'auth.oidc_continue': () => ({ step_token: 'a-step-token', password: 'a-password-1', otp: '123456' }),
  'users.get_linked_identities': () => ({}),
  'workspaces.get_sign_in_policy': (fx) => ({ workspace: fx.workspaceId }),
  'workspaces.set_sign_in_policy': (fx) => ({ workspace: fx.workspaceId, require_sso: true }),
  'auth.sign_in_and_join': (fx) => ({ email: 'returning@example.com', password: 'returning-password-1', invite_token: fx.inviteToken, otp: '123456' }),
  'invites.create': (fx) => ({ workspace: fx.workspaceId, role: 'member', expires_in_days: 7, max_uses: 1, email: 'guest@example.com', email_domains: ['example.com'], note: 'for the data team', accept_unverified: true }),
  'invites.get_all': (fx) => ({ workspace: fx.workspaceId }),
  'invites.revoke': (fx) => ({ id: fx.inviteId }),
  'invites.get_info': (fx) => ({ token: fx.inviteToken }),
  'invites.send': (fx) => ({ id: fx.inviteId, email: 'guest@example.com' }),
  'invites.accept': (fx) => ({ token: fx.inviteToken }),
  'users.get_current_user': () => ({ get_supported_features: true }),
  'users.update': (fx) => ({ user: fx.userId, name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace' }),
  'users.change_password': (fx) => ({ old_password: fx.password, new_password: 'a-brand-new-password', end_other_sessions: true }),
  'users.change_email': (fx) => ({ email: 'moved-elsewhere@example.com', password: fx.password }),
  'users.send_verification_email': () => ({}),
  'users.verify_email': () => ({ token: 'a-verification-link-token' }),
  'users.get_preferences': () => ({}),
  'users.get_sessions': () => ({}),
  'users.get_two_factor': () => ({}),
  'users.begin_two_factor': (fx) => ({ password: fx.password }),
  'users.enable_two_factor': () => ({ code: '123456' }),
  'users.disable_two_factor': (fx) => ({ password: fx.password, code: '123456' }),
  'users.renew_recovery_codes': (fx) => ({ password: fx.password, code: '123456' }),
  'users.get_security_log': () => ({ cursor: AUDIT_CURSOR, page_size: 20, kinds: ['sign_in', 'key.created'] }),
  'users.revoke_session': () => ({ session: '0190a1b2c3d4not-a-session-of-anyone' }),
  'users.revoke_other_sessions': () => ({}),
  'users.set_preferences': () => ({ preferences: { 'ui.theme': 'dark' }, return_updated: true }),
  'users.get_all': (fx) => ({ name: 'Ada', id: [fx.userId], only_fields: ['name'], page: 0, page_size: 10, order_by: ['name'] }),
  'auth.create_credentials': () => ({ label: 'laptop', expires_at: new Date(Date.now() + 30 * 24 * 3600_000).toISOString() }),
  'auth.get_credentials': () => ({}),
  'auth.edit_credentials': (fx) => ({ access_key: fx.accessKey, label: 'renamed key' }),
  'auth.revoke_credentials': (fx) => ({ access_key: fx.accessKey }),
  'auth.rotate_credentials': (fx) => ({ access_key: fx.accessKey, overlap_sec: 3600 }),
  'auth.end_credentials_rotation': (fx) => ({ access_key: fx.accessKey }),
  'auth.roll_back_credentials_rotation': (fx) => ({ access_key: fx.accessKey }),
  'auth.report_leaked_secret': () => ({ secret: 'foyer_not-a-secret-that-was-ever-issued' }),
  'organization.get_user_companies': () => ({}),
  'workspaces.create': () => ({ name: 'Research' }),
  'workspaces.update': (fx) => ({ workspace: fx.workspaceId, name: 'Renamed', max_members: 10, who_can_invite: 'admins', require_two_factor: false, max_key_lifetime_days: 365, revoke_unused_key_pairs_after_days: 90 }),
  'workspaces.switch': (fx) => ({ workspace: fx.workspaceId }),
  'workspaces.get_audit_log': (fx) => ({ workspace: fx.workspaceId, user: fx.memberId, cursor: AUDIT_CURSOR, page_size: 20, kinds: ['member', 'cloud_access.added'] }),
  'workspaces.get_members': (fx) => ({ workspace: fx.workspaceId, search: 'ada', page: 0, page_size: 10 }),
  'workspaces.set_member_role': (fx) => ({ workspace: fx.workspaceId, user: fx.memberId, role: 'admin' }),
  'workspaces.remove_member': (fx) => ({ workspace: fx.workspaceId, user: fx.memberId }),
  'workspaces.get_leave_impact': (fx) => ({ workspace: fx.workspaceId }),
  'workspaces.leave': (fx) => ({ workspace: fx.workspaceId }),
  'server.info': () => ({}),
  'server.report_stats_option': () => ({ enabled: true }),
  'debug.ping': () => ({ hello: 'world' }),
  'workers.register': (fx) => ({ worker: fx.worker, queues: ['default'], tags: ['gpu'], system_tags: ['pinned'], timeout: 600 }),
  'workers.status_report': (fx) => ({
    worker: fx.worker,
    timestamp: 1_700_000_000_000,
    machine_stats: { cpu_usage: [12.5], memory_used: 1024 },
    task: 'task-1',
    queue: 'default',
    queues: ['default'],
    tags: ['gpu'],
    system_tags: ['pinned'],
    is_daemon: true,
  }),
  'workers.unregister': (fx) => ({ worker: fx.worker, queues: ['default'] }),
  'workers.get_all': () => ({ last_seen: 600, tags: ['gpu'], system_tags: ['pinned'] }),
  'queues.get_all': (fx) => ({ name: 'fixture-queue', id: [fx.queueId], only_fields: ['name'], search_hidden: false, tags: ['gpu'], system_tags: ['pinned'] }),
  'queues.create': () => ({ name: 'another-queue', tags: ['gpu'], system_tags: ['pinned'] }),
  'queues.get_next_task': (fx) => ({ queue: fx.queueId, get_task_info: true, task: 'task-1' }),
  'storage_access.get_all': () => ({}),
  'storage_access.set': (fx) => ({
    id: fx.storageRowId,
    scope: 'user',
    provider: 's3',
    bucket: 'foyer-test-bucket',
    key: 'AKIAFOYERTESTKEY',
    secret: 'fixture-secret-access-key',
    token: 'fixture-session-token',
    region: 'us-east-1',
    endpoint: 'https://s3.example.com',
    addressing: 'path',
    service_account_json: null,
  }),
  'storage_access.delete': (fx) => ({ id: fx.storageRowId }),
  'storage_access.sign_urls': () => ({ urls: ['s3://foyer-test-bucket/datasets/train.csv'], test: true }),
  'projects.get_user_names': () => ({ projects: [SOME_PROJECT], include_subprojects: true, entity: 'model' }),
  'projects.get_all_ex': (fx) => ({
    ...listQueryBody(),
    basename: 'Research',
    description: 'notes',
    parent: [SOME_PROJECT],
    include_stats: true,
    stats_for_state: 'active',
    stats_with_children: true,
    include_stats_filter: { system_tags: ['-pipeline'] },
    include_dataset_stats: false,
    non_public: false,
    active_users: [fx.userId],
    shallow_search: true,
    check_own_contents: true,
    permission_roots_only: true,
    children_type: 'report',
    children_tags: ['gpu'],
    children_tags_filter: { any: { include: ['gpu'], exclude: [] } },
  }),
  'tasks.get_all_ex': (fx) => ({
    ...listQueryBody(),
    user: [fx.userId],
    project: [SOME_PROJECT],
    type: ['__$not', 'annotation_manual'],
    status: ['published', '-draft'],
    parent: 'parent-task',
    status_changed: ['>=2026-01-01T00:00:00'],
    include_subprojects: true,
    include_hidden_projects: false,
  }),
  'reports.get_all_ex': (fx) => ({
    ...listQueryBody(),
    user: [fx.userId],
    project: SOME_PROJECT,
    status: ['published'],
    status_changed: ['>=2026-01-01T00:00:00'],
    include_subprojects: false,
  }),
};

/** The endpoint's valid body; an empty one for an endpoint not yet in the table (its transport and credential variants still run). */
function validBody(name: string, fx: Fixture): Body {
  return VALID_BODIES[name]?.(fx) ?? {};
}

/** Stands in for the fixture when the tests are generated (before any server runs): same types, other values. */
const PLACEHOLDER: Fixture = {
  adminToken: 't',
  password: 'p',
  userId: 'u',
  workspaceId: 'w',
  memberId: 'm',
  accessKey: 'k',
  worker: 'w',
  inviteId: 'i',
  inviteToken: 't',
  storageRowId: 's',
  queueId: 'q',
  newEmail: () => 'placeholder@example.com',
};

/** The fields an endpoint declares, or undefined when it takes any (debug.ping echoes what it gets). */
function declaredFields(endpoint: Endpoint): string[] | undefined {
  return endpoint.params instanceof z.ZodObject ? Object.keys(endpoint.params.shape) : undefined;
}

function isRequired(endpoint: Endpoint, field: string): boolean {
  return !(endpoint.params as z.ZodObject).shape[field]!.safeParse(undefined).success;
}

// ---------------------------------------------------------------------------------------------------------
// The variants. Each builds one request from the endpoint's valid body and says what must come back.

interface Expected {
  status: number;
  subcode?: number;
  /** error_data.field, and the field named in the message */
  field?: string;
  message?: RegExp;
  /** optional-auth endpoints: bad credentials are ignored and the call is answered anonymously */
  anonymous?: boolean;
  /** the call is answered (200), refusing the bad item inside the answer; checks that answer */
  refusedInAnswer?: (data: any) => void;
}

interface Variant {
  name: string;
  expected: Expected;
  build(fx: Fixture, server: TestServer): { body?: unknown; options: CallOptions };
}

const LONG = 'x'.repeat(10_000);
const MIB = 1024 * 1024;

function json(value: unknown): string {
  return JSON.stringify(value);
}

/** The body as JSON text with `field` holding `rawJsonString`, spelled as raw JSON (escapes and all). */
function withRawString(body: Body, field: string, rawJsonString: string): string {
  const marker = 'RAW-MARKER-7c1f';
  return json({ ...body, [field]: marker }).replace(`"${marker}"`, rawJsonString);
}

/** Wrong-typed stand-ins, chosen by the type of the valid value. */
function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'twelve';
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return 'not a list';
  return ['not', 'an', 'object'];
}

function stringField(body: Body): string {
  return Object.keys(body).find((key) => typeof body[key] === 'string') ?? 'note';
}

const bearer = (token: string): CallOptions => ({ authorization: `Bearer ${token}` });

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function decodeJwt(token: string): { header: Record<string, any>; claims: Record<string, any>; signature: string } {
  const [header, claims, signature] = token.split('.');
  return { header: JSON.parse(Buffer.from(header!, 'base64url').toString()), claims: JSON.parse(Buffer.from(claims!, 'base64url').toString()), signature: signature! };
}

/** The admin's real claims, signed with a key that is not the server's. */
function forgedToken(real: string): string {
  const [header, claims] = real.split('.');
  const signature = createHmac('sha256', randomBytes(32)).update(`${header}.${claims}`).digest('base64url');
  return `${header}.${claims}.${signature}`;
}

/** The admin's real claims with `alg: none` and no signature. */
function unsignedToken(real: string): string {
  const claims = real.split('.')[1]!;
  return `${b64url(json({ alg: 'none', typ: 'JWT' }))}.${claims}.`;
}

/** The admin's real token with its claims changed to another user, keeping the original signature. */
function tamperedToken(real: string, otherUserId: string): string {
  const [header, , signature] = real.split('.');
  const { claims } = decodeJwt(real);
  return `${header}.${b64url(json({ ...claims, identity: { ...claims.identity, user: otherUserId } }))}.${signature}`;
}

/** Signed with the server's real key, for the admin's real, open session: only `exp` is wrong (or right). */
function reissuedToken(server: TestServer, real: string, expiresInSec: number): string {
  const { claims } = decodeJwt(real);
  const nowSec = Math.floor(Date.now() / 1000);
  return server.foyer.services.tokens.issue({ identity: claims.identity, sessionId: claims.session_id, issuedAtSec: nowSec - 7200, expiresAtSec: nowSec + expiresInSec });
}

/** The same for every endpoint: broken bodies and transport, then (for endpoints with declared fields) unknown fields. */
function transportVariants(endpoint: Endpoint, valid: Body): Variant[] {
  const field = stringField(valid);
  const takesAnyField = declaredFields(endpoint) === undefined;
  const badJson = { status: 400, subcode: 0, message: /not valid JSON/ };
  const variants: Variant[] = [
    { name: 'malformed JSON', expected: badJson, build: (fx) => ({ options: { ...bearer(fx.adminToken), raw: '{"broken": ', headers: { 'content-type': 'application/json' } } }) },
    { name: 'malformed JSON on GET', expected: badJson, build: (fx) => ({ options: { ...bearer(fx.adminToken), method: 'GET', raw: "{'single': 'quotes'}" } }) },
    { name: 'malformed JSON on PUT through the web port', expected: badJson, build: (fx) => ({ options: { ...bearer(fx.adminToken), method: 'PUT', viaWeb: true, raw: '{"a": 1,}' } }) },
    { name: 'a JSON array body', expected: { status: 400, subcode: 0, message: /JSON object/ }, build: (fx) => ({ options: { ...bearer(fx.adminToken), raw: json([validBody(endpoint.name, fx)]) } }) },
    { name: 'a JSON string body', expected: { status: 400, subcode: 0, message: /JSON object/ }, build: (fx) => ({ options: { ...bearer(fx.adminToken), raw: '"just a string"' } }) },
    { name: 'a JSON null body', expected: { status: 400, subcode: 0, message: /JSON object/ }, build: (fx) => ({ options: { ...bearer(fx.adminToken), raw: 'null' } }) },
    {
      name: 'an oversized body (over 1 MiB)',
      expected: { status: 413, subcode: 0, message: /larger than the limit/ },
      build: (fx) => ({ options: { ...bearer(fx.adminToken), raw: json({ ...validBody(endpoint.name, fx), padding: 'p'.repeat(MIB + 1024) }) } }),
    },
    {
      name: 'non-UTF-8 bytes (0xff 0xfe) in a string',
      expected: { status: 400, subcode: 0, message: /UTF-8/ },
      build: (fx) => {
        const [before, after] = withRawString(validBody(endpoint.name, fx), field, '"SPLIT"').split('SPLIT');
        return { options: { ...bearer(fx.adminToken), raw: Buffer.concat([Buffer.from(before!), Buffer.from([0x41, 0xff, 0xfe, 0x42]), Buffer.from(after!)]) } };
      },
    },
    {
      name: 'a lone UTF-16 surrogate in a string',
      expected: { status: 400, subcode: 0, message: /not valid Unicode/ },
      build: (fx) => ({ options: { ...bearer(fx.adminToken), raw: withRawString(validBody(endpoint.name, fx), field, '"ab\\ud800cd"') } }),
    },
    {
      name: 'a NUL character in a string',
      expected: { status: 400, subcode: 0, message: /NUL/ },
      build: (fx) => ({ options: { ...bearer(fx.adminToken), raw: withRawString(validBody(endpoint.name, fx), field, '"ab\\u0000cd"') } }),
    },
    {
      name: 'a __proto__ key in the body',
      expected: { status: 400, subcode: 0, message: /forbidden key "__proto__"/ },
      build: (fx) => ({ options: { ...bearer(fx.adminToken), raw: json({ '': 'SPLICE', ...validBody(endpoint.name, fx) }).replace('"":"SPLICE"', '"__proto__":{"server_role":"admin"}') } }),
    },
    {
      name: 'a __proto__ path in the query string',
      expected: { status: 400, subcode: 0, message: /query parameter/ },
      build: (fx) => ({ body: validBody(endpoint.name, fx), options: { ...bearer(fx.adminToken), query: '__proto__.server_role=admin' } }),
    },
    {
      name: 'JSON nested 100,000 deep',
      expected: { status: 400, subcode: 0 },
      build: (fx) => ({ options: { ...bearer(fx.adminToken), raw: `{"deep": ${'['.repeat(100_000)}${']'.repeat(100_000)}}` } }),
    },
    {
      name: 'a compressed body (Content-Encoding: gzip)',
      expected: { status: 415, subcode: 0, message: /Content-Encoding/ },
      build: (fx) => ({ body: validBody(endpoint.name, fx), options: { ...bearer(fx.adminToken), headers: { 'content-encoding': 'gzip' } } }),
    },
    {
      name: 'an invalid API version in the path',
      expected: { status: 400, subcode: 2, message: /API version/ },
      build: (fx) => ({ body: validBody(endpoint.name, fx), options: { ...bearer(fx.adminToken), path: `/v2.x/${endpoint.name}` } }),
    },
  ];
  if (!takesAnyField) {
    variants.push(
      {
        name: 'an unknown field',
        expected: { status: 400, subcode: 12, message: /unknown field "surprise_field"/ },
        build: (fx) => ({ body: { ...validBody(endpoint.name, fx), surprise_field: 1 }, options: bearer(fx.adminToken) }),
      },
      {
        name: 'a 10,000-character unknown field name',
        expected: { status: 400, subcode: 12, message: /unknown field/ },
        build: (fx) => ({ body: { ...validBody(endpoint.name, fx), [LONG]: 1 }, options: bearer(fx.adminToken) }),
      },
      {
        name: 'an unknown query parameter',
        expected: { status: 400, subcode: 12, message: /unknown field "surprise_field"/ },
        build: (fx) => ({ body: validBody(endpoint.name, fx), options: { ...bearer(fx.adminToken), query: 'surprise_field=1' } }),
      },
    );
  }
  return variants;
}

/** Lists whose items are answered one by one: a bad item is refused in its own result, not by failing the call. */
const REFUSED_PER_ITEM: Record<string, { field: string; check(data: any): void }> = {
  'storage_access.sign_urls': {
    field: 'urls',
    check(data) {
      assert.equal(data.results.length, 1);
      assert.equal(data.results[0].reason, 'malformed_url');
      assert.match(data.results[0].error, /longer than \d+ characters/);
      assert.equal(data.results[0].url.length, 10_000);
    },
  },
};

/** One field at a time: of the wrong type, left out (when required), 10,000 characters long. */
function fieldVariants(endpoint: Endpoint, placeholder: Body): Variant[] {
  const fields = declaredFields(endpoint);
  if (!fields) return [];
  const variants: Variant[] = [];
  const withField = (fx: Fixture, field: string, value: unknown) => ({ ...validBody(endpoint.name, fx), [field]: value });
  for (const field of fields) {
    const sample = placeholder[field];
    variants.push({
      name: `wrong type for "${field}" (${json(wrongTypeFor(sample))})`,
      expected: { status: 400, subcode: 12, field },
      build: (fx) => ({ body: withField(fx, field, wrongTypeFor(sample)), options: bearer(fx.adminToken) }),
    });
    if (isRequired(endpoint, field)) {
      variants.push({
        name: `"${field}" missing`,
        expected: { status: 400, subcode: 12, field, message: /required/ },
        build: (fx) => {
          const { [field]: _left, ...rest } = validBody(endpoint.name, fx);
          return { body: rest, options: bearer(fx.adminToken) };
        },
      });
    }
    if (typeof sample === 'string') {
      variants.push({
        name: `10,000 characters in "${field}"`,
        expected: { status: 400, subcode: 12, field },
        build: (fx) => ({ body: withField(fx, field, LONG), options: bearer(fx.adminToken) }),
      });
    } else if (Array.isArray(sample) && typeof sample[0] === 'string') {
      const perItem = REFUSED_PER_ITEM[endpoint.name]?.field === field ? REFUSED_PER_ITEM[endpoint.name] : undefined;
      variants.push({
        name: `10,000 characters in an item of "${field}"${perItem ? ' (refused in that item\'s result)' : ''}`,
        expected: perItem ? { status: 200, refusedInAnswer: perItem.check } : { status: 400, subcode: 12, field: `${field}.0` },
        build: (fx) => ({ body: withField(fx, field, [LONG]), options: bearer(fx.adminToken) }),
      });
    } else if (sample !== null && typeof sample === 'object' && !Array.isArray(sample)) {
      variants.push({
        name: `a 10,000-character key in "${field}"`,
        expected: { status: 400, subcode: 12 },
        build: (fx) => ({ body: withField(fx, field, { [LONG]: 1 }), options: bearer(fx.adminToken) }),
      });
    }
  }
  return variants;
}

/** Credentials that must not authenticate. Only for endpoints that look at credentials at all. */
function authVariants(endpoint: Endpoint): Variant[] {
  if (endpoint.auth === 'none') return [];
  const refused = (subcode: number): Expected => (endpoint.auth === 'required' ? { status: 401, subcode } : { status: 200, anonymous: true });
  const call = (options: (fx: Fixture, server: TestServer) => CallOptions) => (fx: Fixture, server: TestServer) => ({
    body: validBody(endpoint.name, fx),
    options: options(fx, server),
  });
  const cookie = (token: string): CallOptions => ({ headers: { cookie: `clearml_token_basic=${token}` } });
  return [
    { name: 'no credentials', expected: refused(20), build: call(() => ({})) },
    { name: 'an unknown authorization scheme', expected: refused(10), build: call(() => ({ authorization: 'Digest username="ada"' })) },
    { name: 'a Basic header that is not base64', expected: refused(21), build: call(() => ({ authorization: 'Basic %%%not-base64%%%' })) },
    { name: 'a Basic header without a colon', expected: refused(21), build: call(() => ({ authorization: `Basic ${Buffer.from(ADMIN.email).toString('base64')}` })) },
    { name: 'an empty Basic header', expected: refused(21), build: call(() => ({ authorization: 'Basic' })) },
    { name: 'a Bearer token that is not a JWT', expected: refused(30), build: call(() => bearer('not-a-jwt')) },
    { name: 'a forged JWT (signed with another key)', expected: refused(30), build: call((fx) => bearer(forgedToken(fx.adminToken))) },
    { name: 'an alg: none JWT', expected: refused(30), build: call((fx) => bearer(unsignedToken(fx.adminToken))) },
    { name: 'a JWT with tampered claims', expected: refused(30), build: call((fx) => bearer(tamperedToken(fx.adminToken, fx.memberId))) },
    { name: 'an expired JWT (signed with the real key)', expected: refused(30), build: call((fx, server) => bearer(reissuedToken(server, fx.adminToken, -60))) },
    { name: 'a forged JWT in the session cookie', expected: refused(30), build: call((fx) => cookie(forgedToken(fx.adminToken))) },
    { name: 'an expired JWT in the session cookie', expected: refused(30), build: call((fx, server) => cookie(reissuedToken(server, fx.adminToken, -60))) },
  ];
}

function variantsFor(endpoint: Endpoint): Variant[] {
  const valid = VALID_BODIES[endpoint.name];
  const placeholder = valid ? valid(PLACEHOLDER) : {};
  return [...transportVariants(endpoint, placeholder), ...(valid ? fieldVariants(endpoint, placeholder) : []), ...authVariants(endpoint)];
}

// ---------------------------------------------------------------------------------------------------------
// Checks

/** A refusal in the full ClearML envelope, with a message for people. */
function assertRefusal(result: CallResult, endpointName: string, expected: Expected): void {
  const { meta, data } = result.body;
  const said = `HTTP ${result.status} ${meta?.result_subcode}: ${String(meta?.result_msg).slice(0, 300)}`;
  assert.ok(result.status >= 400 && result.status < 500, `a 4xx, got ${said}`);
  assert.equal(result.status, expected.status, said);
  assertEnvelope(result, endpointName);
  if (expected.subcode !== undefined) assert.equal(meta.result_subcode, expected.subcode, said);
  assert.match(meta.result_msg, /[A-Za-z]{2,}\W+[A-Za-z]{2,}/, 'result_msg is words, not a code');
  assert.ok(meta.result_msg.length <= 300, `result_msg is a sentence, not a dump (${meta.result_msg.length} characters)`);
  if (expected.message) assert.match(meta.result_msg, expected.message);
  if (expected.field !== undefined) {
    assert.equal(meta.error_data.field, expected.field, said);
    assert.ok(meta.result_msg.includes(`"${expected.field}"`), `the message names the field: ${said}`);
  }
  assert.deepEqual(data, {});
}

function assertEnvelope(result: CallResult, endpointName: string): void {
  const { meta } = result.body;
  assert.match(result.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(meta.result_code, result.status);
  assert.equal(typeof meta.result_subcode, 'number');
  assert.equal(typeof meta.result_msg, 'string');
  assert.ok(meta.result_msg.trim().length > 0);
  assert.equal(typeof meta.id, 'string');
  assert.equal(typeof meta.trx, 'string');
  assert.equal(meta.endpoint.name, endpointName);
  assert.match(meta.endpoint.requested_version, /^\d+\.\d+$/, 'requested_version is a string');
  assert.match(meta.endpoint.actual_version, /^\d+\.\d+$/, 'actual_version is a string');
  assert.equal(meta.error_stack, null);
  assert.equal(typeof meta.error_data, 'object');
}

/** Every row of every table, in a stable order. */
async function dumpDatabase(server: TestServer): Promise<Record<string, string[]>> {
  const { db } = server.foyer.services;
  const tables =
    server.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db);
  const dump: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    dump[name] = rows.rows.map((row) => json(row)).sort();
  }
  assert.ok(dump.users && dump.users.length > 0, 'the users table is there and has rows');
  return dump;
}

/** What the admin sees through the API, and every row in the database. */
async function snapshot(server: TestServer, fx: Fixture) {
  const seen: Record<string, unknown> = {};
  for (const name of ['auth.get_credentials', 'users.get_current_user', 'users.get_preferences', 'workers.get_all', 'users.get_all']) {
    const result = await server.call(name, {}, { token: fx.adminToken });
    assert.equal(result.status, 200, `${name} for the snapshot: ${result.body.meta.result_msg}`);
    seen[name] = result.body.data;
  }
  // write out what earlier successful calls recorded (last used, last active), so a timed flush cannot land between two snapshots
  await server.foyer.services.lastUsed.flush();
  return { api: seen, database: await dumpDatabase(server) };
}

async function send(server: TestServer, name: string, request: { body?: unknown; options: CallOptions }): Promise<CallResult> {
  return server.call(name, request.body, request.options);
}

async function makeFixture(server: TestServer, adminToken: string, password: string): Promise<Fixture> {
  const me = await server.call('users.get_current_user', {}, { token: adminToken });
  assert.equal(me.status, 200);
  const workspaceId = me.body.data.user.company.id as string;
  const member = await server.createUser({ email: 'member@example.com', password: 'member-password-1', name: 'Mia Member' });
  const key = await server.createKey(adminToken, 'fixture key');
  await server.login(key.access_key, key.secret_key); // so the key has a last use on record
  assert.equal((await server.call('workers.register', { worker: 'fixture-worker', queues: ['default'] }, { token: adminToken })).status, 200);
  assert.equal((await server.call('users.set_preferences', { preferences: { 'ui.theme': 'light' } }, { token: adminToken })).status, 200);
  const invite = await server.call('invites.create', { workspace: workspaceId, max_uses: 5 }, { token: adminToken });
  assert.equal(invite.status, 200, invite.body.meta.result_msg);
  let queueId = '';
  if (endpoints.has('queues.create')) {
    const queue = await server.call('queues.create', { name: 'fixture-queue' }, { token: adminToken });
    assert.equal(queue.status, 200, queue.body.meta.result_msg);
    queueId = queue.body.data.id;
  }
  let storageRowId = '';
  if (endpoints.has('storage_access.set')) {
    const row = await server.call(
      'storage_access.set',
      { provider: 's3', bucket: 'foyer-test-bucket', key: 'AKIAFOYERTESTKEY', secret: 'fixture-secret-access-key', endpoint: 'https://s3.example.com' },
      { token: adminToken },
    );
    assert.equal(row.status, 200, row.body.meta.result_msg);
    storageRowId = row.body.data.row.id;
  }
  await server.foyer.services.lastUsed.flush();
  let n = 0;
  return {
    adminToken,
    password,
    userId: me.body.data.user.id,
    workspaceId,
    memberId: member.userId,
    accessKey: key.access_key,
    worker: 'fixture-worker',
    inviteId: invite.body.data.id,
    inviteToken: (invite.body.data.url as string).split('/invite/')[1]!,
    storageRowId,
    queueId,
    newEmail: () => `newcomer-${++n}@example.com`,
  };
}

// ---------------------------------------------------------------------------------------------------------

for (const dialect of dialects()) {
  describe(`bad input to every endpoint (${dialect})`, () => {
    let server: TestServer;
    let fx: Fixture;
    before(async () => {
      const started = await startWithAdmin(dialect, { FOYER_REGION_LOOKUP: 'off' }); // its rows name s3.example.com, never to be asked
      server = started.server;
      fx = await makeFixture(server, started.adminToken, ADMIN.password);
    });
    after(() => server.close());

    test('the table has a valid body for every endpoint, and none for endpoints that do not exist', () => {
      assert.deepEqual(Object.keys(VALID_BODIES).filter((name) => !endpoints.has(name)), [], 'bodies for endpoints that do not exist');
      assert.deepEqual([...endpoints.keys()].filter((name) => !VALID_BODIES[name]), [], 'endpoints without a valid body in VALID_BODIES');
    });

    test('each valid body passes its endpoint\'s validation and names every field it declares', () => {
      for (const [name, endpoint] of endpoints) {
        const body = VALID_BODIES[name]?.(fx);
        if (!body) continue;
        const parsed = endpoint.params.safeParse(body);
        assert.ok(parsed.success, `${name}: ${parsed.error?.issues[0]?.message} at ${parsed.error?.issues[0]?.path.join('.')}`);
        const fields = declaredFields(endpoint);
        if (fields) assert.deepEqual(Object.keys(body).sort(), [...fields].sort(), `${name} names every field`);
      }
    });

    test('control: a token signed with the real key for the real session, and not expired, is accepted', async () => {
      // the JWT variants below differ from this one only in what they say they are
      const fresh = await server.call('users.get_current_user', {}, bearer(reissuedToken(server, fx.adminToken, 600)));
      assert.equal(fresh.status, 200);
      assert.equal(fresh.body.data.user.id, fx.userId);
    });

    for (const [name, endpoint] of endpoints) {
      describe(`${name} (auth ${endpoint.auth})`, () => {
        for (const variant of variantsFor(endpoint)) {
          test(variant.name, async () => {
            // The server's clock is held still for the test: a call records its session's last use once a minute, and
            // an accepted call (answered 200 with a per-item refusal) may; with time still, that record falls due, if
            // at all, in the first snapshot's calls, never between the two snapshots.
            const held = Date.now();
            server.foyer.services.now = () => held;
            try {
              const before = await snapshot(server, fx);
              const result = await send(server, name, variant.build(fx, server));
              if (variant.expected.anonymous) {
                assert.equal(result.status, 200, `bad credentials are ignored by an optional-auth endpoint: ${result.body.meta.result_msg}`);
                assertEnvelope(result, name);
                if ('authenticated' in result.body.data) assert.equal(result.body.data.authenticated, false);
              } else if (variant.expected.refusedInAnswer) {
                assert.equal(result.status, 200, result.body.meta.result_msg);
                assertEnvelope(result, name);
                variant.expected.refusedInAnswer(result.body.data);
              } else {
                assertRefusal(result, name, variant.expected);
              }
              assert.deepEqual(await snapshot(server, fx), before, 'nothing changed');
            } finally {
              server.foyer.services.now = () => Date.now();
            }
          });
        }
      });
    }
  });

  describe(`HTML and SQL in text fields are data (${dialect})`, () => {
    const SQL = "'); DROP TABLE users; --";
    const HTML = '<script>alert(1)</script>';
    const PAYLOADS = [SQL, HTML, "' OR '1'='1", '"; DELETE FROM credentials; --', '<img src=x onerror=alert(1)>'];
    let server: TestServer;
    let fx: Fixture;
    before(async () => {
      // multi mode with open sign-up, so that sign-up and new workspaces take names too
      server = await startServer(dialect, { FOYER_REGION_LOOKUP: 'off', FOYER_MODE: 'multi', FOYER_LOGIN_FREE_FAILURES: '1000', FOYER_LOGIN_FREE_FAILURES_PER_IP: '100000' });
      await server.createUser({ ...ADMIN, name: 'Ada Admin', role: 'admin' });
      fx = await makeFixture(server, await server.login(ADMIN.email, ADMIN.password), ADMIN.password);
    });
    after(() => server.close());

    async function assertUsersTableIntact() {
      const count = await server.foyer.services.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.ok(Number(count.n) >= 2, 'the users table still exists with its rows');
      const me = await server.call('users.get_current_user', {}, { token: await server.login(ADMIN.email, fx.password) });
      assert.equal(me.status, 200, 'and a following call that reads it succeeds');
    }

    test('credential labels: stored and listed verbatim', async () => {
      const token = await server.login(ADMIN.email, fx.password);
      const created = await server.call('auth.create_credentials', { label: HTML }, { token });
      assert.equal(created.status, 200);
      assert.equal(created.body.data.credentials.label, HTML);
      assert.match(created.headers.get('content-type') ?? '', /^application\/json/, 'never served as HTML');
      const accessKey = created.body.data.credentials.access_key;
      const listed = await server.call('auth.get_credentials', {}, { token });
      assert.equal(listed.body.data.credentials.find((c: { access_key: string }) => c.access_key === accessKey).label, HTML);
      assert.equal((await server.call('auth.edit_credentials', { access_key: accessKey, label: SQL }, { token })).status, 200);
      const relisted = await server.call('auth.get_credentials', {}, { token });
      assert.equal(relisted.body.data.credentials.find((c: { access_key: string }) => c.access_key === accessKey).label, SQL);
      assert.equal((await server.call('auth.revoke_credentials', { access_key: accessKey }, { token })).status, 200);
      await assertUsersTableIntact();
    });

    test('names: stored and returned verbatim, and searching by them finds exactly that person', async () => {
      const token = await server.login(ADMIN.email, fx.password);
      const updated = await server.call('users.update', { user: fx.userId, name: SQL, given_name: HTML, family_name: "O'Brien" }, { token });
      assert.equal(updated.status, 200, updated.body.meta.result_msg);
      const me = (await server.call('users.get_current_user', {}, { token })).body.data.user;
      assert.deepEqual([me.name, me.given_name, me.family_name], [SQL, HTML, "O'Brien"]);
      const found = await server.call('users.get_all', { name: SQL }, { token });
      assert.deepEqual(found.body.data.users.map((u: { id: string; name: string }) => [u.id, u.name]), [[fx.userId, SQL]]);
      const injected = await server.call('users.get_all', { name: "' OR '1'='1" }, { token });
      assert.deepEqual(injected.body.data.users, [], 'a quote does not widen the search');
      const members = await server.call('workspaces.get_members', { workspace: fx.workspaceId, search: "' OR 1=1 --" }, { token });
      assert.equal(members.status, 200);
      assert.deepEqual(members.body.data.members, []);
      assert.equal((await server.call('users.update', { user: fx.userId, name: 'Ada Admin', given_name: '', family_name: '' }, { token })).status, 200);
      await assertUsersTableIntact();
    });

    test('member search: LIKE wildcards in the search text are matched literally', async () => {
      const token = await server.login(ADMIN.email, fx.password);
      assert.equal((await server.call('users.update', { user: fx.userId, name: '100% Ada_Admin' }, { token })).status, 200);
      const search = async (text: string) =>
        (await server.call('workspaces.get_members', { workspace: fx.workspaceId, search: text }, { token })).body.data.members.map((m: { id: string }) => m.id);
      try {
        assert.deepEqual(await search('100%'), [fx.userId], 'a name with % is found by its own text');
        assert.deepEqual(await search('a_a'), [fx.userId], 'a name with _ is found by its own text');
        assert.deepEqual(await search('0%a'), [], '% matches only itself, not "any characters"');
        assert.deepEqual(await search('%'), [fx.userId], 'only the one name that contains %');
      } finally {
        await server.call('users.update', { user: fx.userId, name: 'Ada Admin' }, { token });
      }
    });

    test('preferences, worker names and tags: stored and returned verbatim', async () => {
      const token = await server.login(ADMIN.email, fx.password);
      assert.equal((await server.call('users.set_preferences', { preferences: { 'notes.html': HTML, 'notes.sql': SQL } }, { token })).status, 200);
      const prefs = (await server.call('users.get_preferences', {}, { token })).body.data.preferences;
      assert.deepEqual(prefs.notes, { html: HTML, sql: SQL });
      assert.equal((await server.call('workers.register', { worker: SQL, tags: [HTML] }, { token })).status, 200);
      const workers = (await server.call('workers.get_all', {}, { token })).body.data.workers;
      const worker = workers.find((w: { id: string }) => w.id === SQL);
      assert.ok(worker, `the worker named ${SQL} is listed`);
      assert.deepEqual(worker.tags, [HTML]);
      assert.equal((await server.call('workers.unregister', { worker: SQL }, { token })).status, 200);
      await assertUsersTableIntact();
    });

    test('workspace names and sign-up names: stored and returned verbatim', async () => {
      const token = await server.login(ADMIN.email, fx.password);
      const created = await server.call('workspaces.create', { name: HTML }, { token });
      assert.equal(created.status, 200, created.body.meta.result_msg);
      const companies = (await server.call('organization.get_user_companies', {}, { token })).body.data.companies;
      assert.equal(companies.find((c: { id: string }) => c.id === created.body.data.id).name, HTML);
      const signUp = await server.call('auth.sign_up', { email: 'bobby@example.com', password: SQL, name: SQL });
      assert.equal(signUp.status, 200, signUp.body.meta.result_msg);
      const bobby = await server.call('users.get_current_user', {}, { token: await server.login('bobby@example.com', SQL) });
      assert.equal(bobby.body.data.user.name, SQL, 'and the SQL text works as a password too');
      await assertUsersTableIntact();
    });

    test('SQL in the Basic header: 401, not a way in', async () => {
      for (const [user, secret] of [
        [`${"' OR '1'='1"}@example.com`, "' OR '1'='1"],
        [ADMIN.email, "' OR '1'='1"],
        ["' OR 1=1 --", 'x'],
        ['ABCDEFGHIJKLMNOPQRSTUVWXYZ0123', "' OR '1'='1"],
      ] as const) {
        const result = await server.call('auth.login', {}, { basic: [user, secret] });
        assert.equal(result.status, 401, `${user}:${secret}`);
        assert.equal(result.body.meta.result_subcode, 22);
      }
      await assertUsersTableIntact();
    });

    // Every string of every endpoint's valid body, one at a time: refused in the envelope (changing nothing),
    // or taken as data. Never a 5xx, and the users table is still there afterwards.
    for (const [name] of endpoints) {
      test(`every text field of ${name}`, async () => {
        const template = VALID_BODIES[name];
        assert.ok(template, `${name} has a valid body in the table`);
        const paths = stringPaths(template(PLACEHOLDER));
        for (const payload of PAYLOADS) {
          for (const path of paths) {
            const token = await server.login(ADMIN.email, fx.password); // fresh: the call may sign it out
            const body = setPath(template(fx), path, payload);
            await server.foyer.services.lastUsed.flush(); // the sign-in's own record, before the "before"
            const before = await dumpDatabase(server);
            const result = await server.call(name, body, { token });
            const said = `${name} ${path.join('.')}=${payload}: HTTP ${result.status} ${result.body.meta.result_msg}`;
            assert.ok(result.status < 500, said);
            assertEnvelope(result, name);
            if (result.status >= 400) {
              assert.ok(result.status < 500 && result.body.meta.result_msg.length > 0, said);
              const after = await dumpDatabase(server);
              // a wrong password (old_password, or a sign-in to join) is a failed sign-in attempt, and is counted as one
              // and the account's owner sees it in their security log
              if (PASSWORD_CONFIRMED.has(name)) {
                delete before.login_throttle;
                delete after.login_throttle;
                for (const dump of [before, after]) dump.audit_events = dump.audit_events?.filter((row) => !['sign_in.failed', 'sign_in.throttled'].includes(JSON.parse(row).kind)) ?? [];
              }
              assert.deepEqual(after, before, `a refusal changes nothing: ${said}`);
            } else if (name === 'users.change_password') {
              fx.password = body.new_password as string; // verbatim: the next sign-in uses it
            } else if (name === 'users.change_email') {
              // taken as an address (no mail here: at once): moved back, for the next sign-in
              assert.equal(result.body.data.changed, true, said);
              const back = await server.call('users.change_email', { email: ADMIN.email, password: fx.password }, { token });
              assert.equal(back.status, 200, back.body.meta.result_msg);
            } else if (name === 'debug.ping') {
              assert.equal(result.body.data.hello, payload, 'echoed verbatim');
            }
          }
        }
        await assertUsersTableIntact();
      });
    }
  });
}

/** Paths to every string in a body, through objects and arrays (record keys are not paths). */
function stringPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringPaths(item, [...path, index]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...path, key]));
  return [];
}

function setPath(body: Body, path: Array<string | number>, value: unknown): Body {
  const copy = structuredClone(body);
  let node: any = copy;
  for (const part of path.slice(0, -1)) node = node[part];
  node[path[path.length - 1]!] = value;
  return copy;
}
