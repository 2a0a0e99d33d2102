// The one authorization verb: every endpoint is decided through authorize() (src/policies/), by the dispatcher for
// the action it declares or by its handler, and the dispatcher answers 500 for a call answered without a decision.
// Here each endpoint of allEndpoints() gets one call that must be allowed, so an endpoint that skipped both shows as a
// 500; a new endpoint fails the first test until it has its call below. The refusals themselves are checked where
// each rule lives (authorization.test.ts, workspaces.test.ts, ...); here only their one shape.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { allEndpoints } from '../src/endpoints.ts';
import type { Endpoint } from '../src/http/endpoint.ts';
import type { Logger } from '../src/services.ts';
import { createSetupToken } from '../src/users/first-admin.ts';
import { issueResetLink } from '../src/password-reset/links.ts';
import { startSmtpServer } from './support/smtp.ts';
import { dialects, startServer, type CallResult, type TestServer } from './support/server.ts';
import { SSO_BROWSER_COOKIE, ssoCallback, startTestProvider } from './support/oidc-provider.ts';

const endpoints = allEndpoints();

interface Scene {
  server: TestServer;
  /** the first administrator, owner of Research */
  ada: string;
  adaId: string;
  research: string;
  accessKey: string;
  /** an open invitation to Research */
  inviteToken: string;
  inviteId: string;
  /** Bob: member of Research, signed in */
  bob: string;
  bobId: string;
  storageRowId: string;
  queueId: string;
}

const PASSWORD = 'verb-password-1';

async function inviteToResearch(s: Pick<Scene, 'server' | 'ada' | 'research'>): Promise<{ token: string; id: string }> {
  const created = await s.server.call('invites.create', { workspace: s.research, role: 'member' }, { token: s.ada });
  assert.equal(created.status, 200, created.body.meta.result_msg);
  return { token: (created.body.data.url as string).split('/invite/')[1]!, id: created.body.data.id };
}

/** Rita forgets her password: a link is made as `foyer users reset-link` makes one, then looked at and used. */
const rita = { token: '' };

/** Tess turns two-factor on, renews her codes and turns it off (her calls use what the one before made). */
const tess = { token: '', secret: '', codes: [] as string[] };

/**
 * A server with an OpenID provider of its own (none is configured on the scene's): Olga signs in with it for the first
 * time; Pat, whose address already has a password account, links it with the password.
 */
async function withSsoServer(
  dialect: TestServer['dialect'],
  account: 'olga' | 'pat',
  run: (server: TestServer, sso: { browser: string; callback: string }) => Promise<CallResult>,
  env: Record<string, string> = {},
): Promise<CallResult> {
  const client = { client_id: 'verb', client_secret: 'verb-secret-0123456789', redirect_uris: ['http://127.0.0.1:8080/auth/oidc/corp/callback'] };
  const provider = await startTestProvider({
    clients: [client],
    accounts: { olga: { email: 'olga@example.com', email_verified: true, name: 'Olga' }, pat: { email: 'pat@example.com', email_verified: true, name: 'Pat' } },
  });
  const providers = [{ id: 'corp', name: 'Corp', issuer: provider.issuer, client_id: client.client_id, client_secret: client.client_secret }];
  const server = await startServer(dialect, { FOYER_OIDC_PROVIDERS: JSON.stringify(providers), ...env });
  try {
    if (account === 'pat') await server.createUser({ email: 'pat@example.com', password: PASSWORD });
    return await run(server, await ssoCallback(server.webUrl, 'corp', account));
  } finally {
    await server.close();
    await provider.close();
  }
}

/** One allowed call per endpoint, run in this order (later ones use what earlier ones made). */
const CALLS: Record<string, (s: Scene) => Promise<CallResult>> = {
  'auth.setup_admin': async (s) => {
    // a server of its own: the scene's first administrator is made before the calls run
    const fresh = await startServer(s.server.dialect);
    try {
      const token = await createSetupToken(fresh.foyer.services.db, Date.now());
      return await fresh.call('auth.setup_admin', { token, email: 'first@example.com', password: PASSWORD, name: 'First' });
    } finally {
      await fresh.close();
    }
  },
  'debug.ping': (s) => s.server.call('debug.ping', {}),
  'server.info': (s) => s.server.call('server.info', {}),
  'login.supported_modes': (s) => s.server.call('login.supported_modes', {}),
  'auth.login': (s) => s.server.call('auth.login', {}, { basic: ['ada@example.com', PASSWORD] }),
  'auth.request_password_reset': async (s) => {
    // a server of its own that sends mail, to a real SMTP server
    const smtp = await startSmtpServer();
    const fresh = await startServer(s.server.dialect, smtp.env);
    try {
      return await fresh.call('auth.request_password_reset', { email: 'nobody@example.com' });
    } finally {
      await fresh.close();
      await smtp.close();
    }
  },
  'auth.get_password_reset': async (s) => {
    const { userId } = await s.server.createUser({ email: 'rita@example.com', password: PASSWORD });
    const link = await issueResetLink(s.server.foyer.services, { id: userId }, { ip: null, client: null, worker: null, userAgent: null }, 'cli');
    rita.token = decodeURIComponent(link.url.split('#')[1]!);
    return s.server.call('auth.get_password_reset', { token: rita.token });
  },
  'auth.reset_password': (s) => s.server.call('auth.reset_password', { token: rita.token, password: 'verb-password-3' }),
  'users.get_current_user': (s) => s.server.call('users.get_current_user', {}, { token: s.ada }),
  'users.update': (s) => s.server.call('users.update', { user: s.adaId, name: 'Ada Lovelace' }, { token: s.ada }),
  'users.get_preferences': (s) => s.server.call('users.get_preferences', {}, { token: s.ada }),
  'users.set_preferences': (s) => s.server.call('users.set_preferences', { preferences: { 'ui.theme': 'dark' } }, { token: s.ada }),
  'users.get_sessions': (s) => s.server.call('users.get_sessions', {}, { token: s.ada }),
  'users.get_two_factor': (s) => s.server.call('users.get_two_factor', {}, { token: s.ada }),
  'users.begin_two_factor': async (s) => {
    await s.server.createUser({ email: 'tess@example.com', password: PASSWORD });
    tess.token = await s.server.login('tess@example.com', PASSWORD);
    const begun = await s.server.call('users.begin_two_factor', { password: PASSWORD }, { token: tess.token });
    tess.secret = begun.body.data?.secret;
    return begun;
  },
  'users.enable_two_factor': async (s) => {
    const enabled = await s.server.call('users.enable_two_factor', { code: await generate({ secret: tess.secret }) }, { token: tess.token });
    tess.codes = enabled.body.data?.recovery_codes ?? [];
    return enabled;
  },
  'users.renew_recovery_codes': async (s) => {
    const renewed = await s.server.call('users.renew_recovery_codes', { password: PASSWORD, code: tess.codes[0] }, { token: tess.token });
    tess.codes = renewed.body.data?.recovery_codes ?? [];
    return renewed;
  },
  'users.disable_two_factor': (s) => s.server.call('users.disable_two_factor', { password: PASSWORD, code: tess.codes[0] }, { token: tess.token }),
  'users.get_security_log': (s) => s.server.call('users.get_security_log', { kinds: ['sign_in'] }, { token: s.ada }),
  'users.revoke_session': async (s) => {
    const other = await s.server.login('ada@example.com', PASSWORD);
    const listed = await s.server.call('users.get_sessions', {}, { token: other });
    const self = listed.body.data.sessions.find((session: { current: boolean }) => session.current);
    return s.server.call('users.revoke_session', { session: self.id }, { token: other });
  },
  'users.revoke_other_sessions': async (s) => {
    await s.server.createUser({ email: 'gus@example.com', password: PASSWORD });
    return s.server.call('users.revoke_other_sessions', {}, { token: await s.server.login('gus@example.com', PASSWORD) });
  },
  'users.get_all': (s) => s.server.call('users.get_all', {}, { token: s.ada }),
  'organization.get_user_companies': (s) => s.server.call('organization.get_user_companies', {}, { token: s.ada }),
  'workspaces.update': (s) => s.server.call('workspaces.update', { workspace: s.research, name: 'Research Lab' }, { token: s.ada }),
  'workspaces.switch': async (s) => {
    const switched = await s.server.call('workspaces.switch', { workspace: s.research }, { token: s.ada });
    s.ada = switched.body.data?.token; // switching ends the session it was asked in
    return switched;
  },
  'workspaces.get_audit_log': (s) => s.server.call('workspaces.get_audit_log', { workspace: s.research, user: s.bobId }, { token: s.ada }),
  'workspaces.get_members': (s) => s.server.call('workspaces.get_members', { workspace: s.research }, { token: s.ada }),
  'invites.create': (s) => s.server.call('invites.create', { workspace: s.research, role: 'admin', max_uses: 1, email: 'guest@example.com' }, { token: s.ada }),
  'invites.get_all': (s) => s.server.call('invites.get_all', { workspace: s.research }, { token: s.ada }),
  'invites.get_info': (s) => s.server.call('invites.get_info', { token: s.inviteToken }),
  'invites.accept': async (s) => {
    await s.server.createUser({ email: 'cleo@example.com', password: PASSWORD });
    return s.server.call('invites.accept', { token: s.inviteToken }, { token: await s.server.login('cleo@example.com', PASSWORD) });
  },
  'auth.sign_in_and_join': async (s) => {
    await s.server.createUser({ email: 'dan@example.com', password: PASSWORD });
    return s.server.call('auth.sign_in_and_join', { email: 'dan@example.com', password: PASSWORD, invite_token: (await inviteToResearch(s)).token });
  },
  'auth.oidc_sign_in': (s) =>
    withSsoServer(s.server.dialect, 'olga', (server, sso) =>
      server.call('auth.oidc_sign_in', { provider: 'corp', callback: sso.callback }, { headers: { cookie: `${SSO_BROWSER_COOKIE}=${sso.browser}` } }),
    ),
  'auth.oidc_continue': (s) =>
    withSsoServer(s.server.dialect, 'pat', async (server, sso) => {
      const headers = { cookie: `${SSO_BROWSER_COOKIE}=${sso.browser}` };
      const step = await server.call('auth.oidc_sign_in', { provider: 'corp', callback: sso.callback }, { headers });
      return server.call('auth.oidc_continue', { step_token: step.body.data.step_token, password: PASSWORD }, { headers });
    }),
  'users.get_linked_identities': (s) => s.server.call('users.get_linked_identities', {}, { token: s.ada }),
  'workspaces.get_sign_in_policy': (s) => s.server.call('workspaces.get_sign_in_policy', { workspace: s.research }, { token: s.bob }),
  'workspaces.set_sign_in_policy': (s) =>
    withSsoServer(s.server.dialect, 'olga', async (server, sso) => {
      const olga = await server.call('auth.oidc_sign_in', { provider: 'corp', callback: sso.callback }, { headers: { cookie: `${SSO_BROWSER_COOKIE}=${sso.browser}` } });
      const token = /clearml_token_basic=([^;]+)/.exec(olga.headers.get('set-cookie') ?? '')?.[1] ?? '';
      return server.call('workspaces.set_sign_in_policy', { workspace: olga.body.data.workspace.id, require_sso: true }, { token });
    }, { FOYER_MODE: 'multi' }), // Olga owns her personal workspace
  'invites.revoke': async (s) => s.server.call('invites.revoke', { id: (await inviteToResearch(s)).id }, { token: s.ada }),
  'workspaces.set_member_role': (s) => s.server.call('workspaces.set_member_role', { workspace: s.research, user: s.bobId, role: 'admin' }, { token: s.ada }),
  'workspaces.get_leave_impact': (s) => s.server.call('workspaces.get_leave_impact', { workspace: s.research }, { token: s.bob }),
  'workspaces.leave': (s) => s.server.call('workspaces.leave', { workspace: s.research }, { token: s.bob }),
  'workspaces.remove_member': async (s) => {
    const { token } = await inviteToResearch(s);
    const joined = await s.server.call('auth.sign_up', { email: 'eve@example.com', password: PASSWORD, name: 'Eve', invite_token: token });
    return s.server.call('workspaces.remove_member', { workspace: s.research, user: joined.body.data.user }, { token: s.ada });
  },
  'auth.create_credentials': (s) => s.server.call('auth.create_credentials', { label: 'laptop' }, { token: s.ada }),
  'auth.get_credentials': (s) => s.server.call('auth.get_credentials', {}, { token: s.ada }),
  'auth.edit_credentials': (s) => s.server.call('auth.edit_credentials', { access_key: s.accessKey, label: 'renamed' }, { token: s.ada }),
  'auth.rotate_credentials': (s) => s.server.call('auth.rotate_credentials', { access_key: s.accessKey, overlap_sec: 3600 }, { token: s.ada }),
  'auth.end_credentials_rotation': (s) => s.server.call('auth.end_credentials_rotation', { access_key: s.accessKey }, { token: s.ada }),
  'auth.roll_back_credentials_rotation': async (s) => {
    await s.server.call('auth.rotate_credentials', { access_key: s.accessKey, overlap_sec: 3600 }, { token: s.ada });
    return s.server.call('auth.roll_back_credentials_rotation', { access_key: s.accessKey }, { token: s.ada });
  },
  'workers.register': (s) => s.server.call('workers.register', { worker: 'gpu-01' }, { token: s.ada }),
  'workers.status_report': (s) => s.server.call('workers.status_report', { worker: 'gpu-01', timestamp: Date.now() }, { token: s.ada }),
  'workers.get_all': (s) => s.server.call('workers.get_all', {}, { token: s.ada }),
  'workers.unregister': (s) => s.server.call('workers.unregister', { worker: 'gpu-01' }, { token: s.ada }),
  'queues.create': async (s) => {
    const created = await s.server.call('queues.create', { name: 'verbs' }, { token: s.ada });
    s.queueId = created.body.data?.id;
    return created;
  },
  'queues.get_all': (s) => s.server.call('queues.get_all', {}, { token: s.ada }),
  'queues.get_next_task': (s) => s.server.call('queues.get_next_task', { queue: s.queueId }, { token: s.ada }),
  'storage_access.set': async (s) => {
    const row = { scope: 'user', provider: 's3', bucket: 'verb-bucket', key: 'AKIAVERBTEST', secret: 'verb-secret', region: 'us-east-1', endpoint: 'https://s3.example.com' };
    const saved = await s.server.call('storage_access.set', row, { token: s.ada });
    s.storageRowId = saved.body.data?.row?.id;
    return saved;
  },
  'storage_access.get_all': (s) => s.server.call('storage_access.get_all', {}, { token: s.ada }),
  'storage_access.sign_urls': (s) => s.server.call('storage_access.sign_urls', { urls: ['s3://verb-bucket/train.csv'] }, { token: s.ada }),
  'storage_access.delete': (s) => s.server.call('storage_access.delete', { id: s.storageRowId }, { token: s.ada }),
  'projects.get_user_names': (s) => s.server.call('projects.get_user_names', {}, { token: s.ada }),
  'projects.get_all_ex': (s) => s.server.call('projects.get_all_ex', {}, { token: s.ada }),
  'tasks.get_all_ex': (s) => s.server.call('tasks.get_all_ex', {}, { token: s.ada }),
  'reports.get_all_ex': (s) => s.server.call('reports.get_all_ex', {}, { token: s.ada }),
  'server.report_stats_option': (s) => s.server.call('server.report_stats_option', { enabled: false }, { token: s.ada }),
  'workspaces.create': (s) => s.server.call('workspaces.create', { name: 'Side project' }, { token: s.ada }),
  'auth.sign_up': (s) => s.server.call('auth.sign_up', { email: 'fay@example.com', password: PASSWORD, name: 'Fay' }),
  'users.change_password': async (s) => {
    const fay = await s.server.login('fay@example.com', PASSWORD);
    return s.server.call('users.change_password', { old_password: PASSWORD, new_password: 'verb-password-2' }, { token: fay });
  },
  'auth.revoke_credentials': (s) => s.server.call('auth.revoke_credentials', { access_key: s.accessKey }, { token: s.ada }),
  'auth.report_leaked_secret': (s) => s.server.call('auth.report_leaked_secret', { secret: 'noise-that-was-never-a-secret' }),
  'auth.logout': (s) => s.server.call('auth.logout', {}, { token: s.ada }),
  'login.logout': (s) => s.server.call('login.logout', {}),
  'users.change_email': async (s) => {
    await s.server.createUser({ email: 'hal@example.com', password: PASSWORD });
    return s.server.call('users.change_email', { email: 'hal.moved@example.com', password: PASSWORD }, { token: await s.server.login('hal@example.com', PASSWORD) });
  },
  'users.send_verification_email': (s) => withMail(s, async (fresh) => fresh.call('users.send_verification_email', {}, { token: await fresh.login('ida@example.com', PASSWORD) })),
  'users.verify_email': (s) =>
    withMail(s, async (fresh, smtp) => {
      await fresh.call('users.send_verification_email', {}, { token: await fresh.login('ida@example.com', PASSWORD) });
      const mail = await smtp.waitForMail((m) => m.to.includes('ida@example.com'));
      return fresh.call('users.verify_email', { token: decodeURIComponent(mail.links[0]!.split('#')[1]!) });
    }),
  'invites.send': (s) =>
    withMail(s, async (fresh) => {
      const ida = await fresh.login('ida@example.com', PASSWORD);
      const workspace = (await fresh.call('workspaces.create', { name: 'Mailed' }, { token: ida })).body.data.id;
      const invite = (await fresh.call('invites.create', { workspace }, { token: ida })).body.data.id;
      return fresh.call('invites.send', { id: invite, email: 'guest@example.com' }, { token: ida });
    }),
};

/** A call on a server of its own that sends mail to a real SMTP server, with Ida's account. */
async function withMail(s: Scene, call: (server: TestServer, smtp: Awaited<ReturnType<typeof startSmtpServer>>) => Promise<CallResult>): Promise<CallResult> {
  const smtp = await startSmtpServer();
  const fresh = await startServer(s.server.dialect, { FOYER_MODE: 'multi', ...smtp.env });
  try {
    await fresh.createUser({ email: 'ida@example.com', password: PASSWORD });
    return await call(fresh, smtp);
  } finally {
    await fresh.close();
    await smtp.close();
  }
}

function recordingLog(): Logger & { errors: unknown[] } {
  const errorsLogged: unknown[] = [];
  return { info: () => {}, warn: () => {}, error: (entry: unknown) => void errorsLogged.push(entry), errors: errorsLogged } as Logger & { errors: unknown[] };
}

for (const dialect of dialects()) {
  describe(`every endpoint decides through authorize() (${dialect})`, () => {
    let scene: Scene;
    let log: ReturnType<typeof recordingLog>;

    before(async () => {
      const server = await startServer(dialect, { FOYER_MODE: 'multi', FOYER_REGION_LOOKUP: 'off' });
      log = recordingLog();
      server.foyer.services.log = log;
      const { userId: adaId } = await server.createUser({ email: 'ada@example.com', password: PASSWORD, name: 'Ada', role: 'admin' });
      const ada = await server.login('ada@example.com', PASSWORD);
      const research = (await server.call('workspaces.create', { name: 'Research' }, { token: ada })).body.data.id as string;
      await server.call('workspaces.switch', { workspace: research }, { token: ada });
      const adaSession = await server.login('ada@example.com', PASSWORD);
      const partial = { server, ada: adaSession, research };
      const invite = await inviteToResearch(partial);
      const bobJoined = await server.call('auth.sign_up', { email: 'bob@example.com', password: PASSWORD, name: 'Bob', invite_token: (await inviteToResearch(partial)).token });
      scene = {
        ...partial,
        adaId,
        accessKey: (await server.createKey(adaSession, 'to edit and revoke')).access_key,
        inviteToken: invite.token,
        inviteId: invite.id,
        bob: await server.login('bob@example.com', PASSWORD),
        bobId: bobJoined.body.data.user,
        storageRowId: '',
        queueId: '',
      };
    });
    after(() => scene.server.close());

    test('every endpoint has its allowed call here, and no call names an endpoint that does not exist', () => {
      assert.deepEqual([...endpoints.keys()].filter((name) => !CALLS[name]), [], 'endpoints without a call in CALLS');
      assert.deepEqual(Object.keys(CALLS).filter((name) => !endpoints.has(name)), [], 'calls to endpoints that do not exist');
    });

    test('each endpoint answers its allowed call: its handler made an authorization decision', async () => {
      for (const [name, call] of Object.entries(CALLS)) {
        const result = await call(scene);
        assert.equal(result.status, 200, `${name}: ${result.status} ${result.body.meta.result_subcode} ${result.body.meta.result_msg}`);
      }
      assert.deepEqual(log.errors, [], 'no endpoint logged an undecided answer');
    });

    test('a refusal has one shape: 403/20, error_data.action and .reason, the reason as the message', async () => {
      const carl = await scene.server.createUser({ email: 'carl@example.com', password: PASSWORD });
      const carlToken = await scene.server.login('carl@example.com', PASSWORD);
      const accepted = await scene.server.call('invites.accept', { token: (await inviteToResearch({ ...scene, ada: await scene.server.login('ada@example.com', PASSWORD) })).token }, { token: carlToken });
      assert.equal(accepted.status, 200, accepted.body.meta.result_msg);
      const cases: [string, Record<string, unknown>, string][] = [
        ['workspaces.update', { workspace: scene.research, name: 'Carl was here' }, 'workspace.update'],
        ['users.update', { user: scene.adaId, name: 'Not Carl' }, 'user_account.rename'],
        ['workspaces.leave', { workspace: carl.workspaceId }, 'workspace.leave'],
      ];
      for (const [name, body, action] of cases) {
        const result = await scene.server.call(name, body, { token: carlToken });
        assert.deepEqual([result.status, result.body.meta.result_subcode], [403, 20], `${name}: ${result.body.meta.result_msg}`);
        assert.equal(result.body.meta.error_data.action, action);
        assert.equal(result.body.meta.error_data.reason, result.body.meta.result_msg);
        assert.ok(result.body.meta.result_msg.length > 10, 'a sentence a person can read');
      }
    });
  });

  describe(`a handler that answers without deciding is refused by the dispatcher (${dialect})`, () => {
    let server: TestServer;
    let log: ReturnType<typeof recordingLog>;

    before(async () => {
      const real = allEndpoints();
      // debug.ping without its declared action, and with a handler that never calls authorize(): what a new
      // endpoint written in a hurry would be
      const { authorize: _declared, ...ping } = real.get('debug.ping')!;
      assert.equal(_declared, 'public.ping');
      const defective: Endpoint = { ...ping, handle: () => ({ msg: 'answered without deciding' }) };
      server = await startServer(dialect, {}, { endpoints: new Map([...real, ['debug.ping', defective]]) });
      log = recordingLog();
      server.foyer.services.log = log;
    });
    after(() => server.close());

    test('it gets a 500 in the envelope, its answer is not sent, and the endpoint is logged', async () => {
      const result = await server.call('debug.ping', {});
      assert.equal(result.status, 500);
      assert.equal(result.body.meta.result_code, 500);
      assert.doesNotMatch(JSON.stringify(result.body), /answered without deciding/);
      assert.equal(log.errors.length, 1);
      assert.deepEqual(log.errors[0], { endpoint: 'debug.ping' });
      const info = await server.call('server.info', {});
      assert.equal(info.status, 200, 'the endpoints that decide still answer');
    });
  });
}
