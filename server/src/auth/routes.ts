import { defineEndpoint, type AuthedContext } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { setActiveWorkspace } from '../users/store.ts';
import { signInAndJoinEndpoint } from './sign-in-and-join.ts';
import { findMembership } from '../workspaces/store.ts';
import type { Identity } from './identity.ts';
import { revokeSession, sessionOf } from './sessions.ts';
import { issueSession } from './session-issue.ts';
import { completeFirstAdminSetup, isSetupRequired } from '../users/first-admin.ts';
import { authorize } from '../policies/index.ts';
import { reachWorkspace } from '../workspaces/membership.ts';
import { originOf, recordEvents } from '../audit/record.ts';
import { sessionLifetimeSec } from '../credentials/expiry.ts';
import type { AuditOrigin } from '../audit/record.ts';
import { notifySecurityEvent } from '../mail/security-notices.ts';
import { ssoModes } from '../oidc/routes.ts';

/** X-Clearml-Tenant on auth.login asks for a token in another workspace the person belongs to. */
async function identityForTenant(ctx: AuthedContext, tenant: string | undefined): Promise<Identity> {
  const { identity } = ctx;
  if (!tenant || tenant === identity.workspaceId) return identity;
  reachWorkspace(ctx, tenant);
  const membership = await findMembership(ctx.services.db, tenant, identity.userId);
  if (!membership) throw errors.notMember(tenant);
  await setActiveWorkspace(ctx.services.db, identity.userId, membership.id);
  return {
    ...identity,
    workspaceId: membership.id,
    workspaceName: membership.name,
    memberRole: membership.role,
    sessionId: undefined,
    twoFactor: { ...identity.twoFactor, workspaceRequires: Number(membership.require_two_factor) === 1 },
  };
}

/** A password sign-in always; a key pair's, once an hour per place (audit/key-sign-ins.ts). */
async function recordSignIn(ctx: AuthedContext, identity: Identity): Promise<void> {
  const { services } = ctx;
  const origin = originOf(ctx.request);
  const now = services.now();
  if (identity.via === 'password') {
    const newPlace = await passwordPlaceIsNew(services, identity.userId, origin);
    await recordEvents(services.db, now, origin, [{ kind: 'sign_in.password', actor: identity.userId, subject: identity.userId, workspace: identity.workspaceId }]);
    if (newPlace) notifySecurityEvent(services, { email: identity.email, name: identity.userName }, { kind: 'sign_in.new_place' }, ctx.request);
  } else if (identity.via === 'key' && identity.credentialId && services.keySignIns.shouldRecord(identity.credentialId, origin, now)) {
    const accessKey = ctx.request.headers.authorization ? accessKeyOf(ctx.request.headers.authorization) : null;
    const entry = { actor: identity.userId, subject: identity.userId, workspace: identity.workspaceId, target: accessKey };
    const place = accessKey ? await keyPlaceIsNew(services, accessKey, origin.ip) : false;
    await recordEvents(services.db, now, origin, [{ kind: 'sign_in.key', ...entry }, ...(place ? [{ kind: 'key.used_from_new_place' as const, ...entry }] : [])]);
  }
}

/** A key pair already used, from another address only: the first use from a machine is worth a look. */
async function keyPlaceIsNew(services: AuthedContext['services'], accessKey: string, ip: string | null): Promise<boolean> {
  const uses = services.db.selectFrom('audit_events').select('id').where('target', '=', accessKey).where('kind', '=', 'sign_in.key');
  const usedBefore = await uses.limit(1).executeTakeFirst();
  if (!usedBefore || ip === null) return false;
  return (await uses.where('ip', '=', ip).limit(1).executeTakeFirst()) === undefined;
}

/**
 * Whether a password sign-in comes from an address and a client (User-Agent) that no earlier password sign-in of the
 * account came with together: its owner then gets a mail (when this server sends mail). The first sign-in is no news.
 */
async function passwordPlaceIsNew(services: AuthedContext['services'], userId: string, origin: AuditOrigin): Promise<boolean> {
  if (!services.mail) return false;
  const signIns = services.db.selectFrom('audit_events').select('id').where('subject_user_id', '=', userId).where('kind', '=', 'sign_in.password');
  if (!(await signIns.limit(1).executeTakeFirst())) return false;
  const fromIp = origin.ip === null ? signIns.where('ip', 'is', null) : signIns.where('ip', '=', origin.ip);
  const samePlace = origin.userAgent === null ? fromIp.where('user_agent', 'is', null) : fromIp.where('user_agent', '=', origin.userAgent);
  return (await samePlace.limit(1).executeTakeFirst()) === undefined;
}

/** The access key of a Basic header a key login was made with (already checked by then). */
function accessKeyOf(authorization: string): string | null {
  const decoded = Buffer.from(authorization.trim().slice(6).trim(), 'base64').toString('latin1');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, colon) : null;
}

/** When what the caller signed in with stops working: the key pair's expiry, or sooner the end of its old secret's overlap. */
function signInEndsAt(identity: Identity): number | null {
  const ends = [identity.keyExpiresAt, identity.secret?.endsAt].filter((at): at is number => typeof at === 'number');
  return ends.length === 0 ? null : Math.min(...ends);
}

export const authEndpoints = [
  signInAndJoinEndpoint,

  defineEndpoint({
    name: 'auth.login',
    auth: 'required',
    changesState: true, // it opens a session and returns its token
    beforeTwoFactor: true,
    async handle(ctx, params) {
      const { config } = ctx.services;
      authorize(ctx, 'public.sign_in', undefined); // the password or key pair just checked is the proof
      const expirationSec = params.expiration_sec ?? config.tokenDefaultExpirationSec;
      if (expirationSec < 1 || expirationSec > config.tokenMaxExpirationSec) {
        throw errors.validation(`expiration_sec must be from 1 to ${config.tokenMaxExpirationSec} seconds`, { expiration_sec: expirationSec });
      }
      const tenant = ctx.request.headers['x-clearml-tenant'] ?? ctx.request.headers['x-trains-tenant'];
      const identity = await identityForTenant(ctx, typeof tenant === 'string' ? tenant : undefined);
      const token = await issueSession(ctx, identity, sessionLifetimeSec(expirationSec, signInEndsAt(identity), ctx.services.now()));
      await recordSignIn(ctx, identity);
      return { token };
    },
  }),

  ...(['auth.logout', 'login.logout'] as const).map((name) =>
    defineEndpoint({
      name,
      auth: 'optional',
      changesState: true,
      authorize: 'public.sign_out',
      async handle(ctx) {
        const session = sessionOf(ctx.identity);
        if (session) await revokeSession(ctx.services.db, session, ctx.services.now());
        ctx.cookie.clear();
        return {};
      },
    }),
  ),

  defineEndpoint({
    name: 'login.supported_modes',
    auth: 'optional',
    changesState: false,
    authorize: 'public.read_sign_in_options',
    async handle(ctx) {
      const { config, db } = ctx.services;
      return {
        basic: { enabled: true, guest: { enabled: false } },
        ...ssoModes(config),
        server_errors: { missed_es_upgrade: false, es_connection_error: false },
        authenticated: ctx.identity !== undefined,
        mode: config.mode,
        signup: config.mode === 'multi' ? config.signup : 'invite-only',
        setup_required: await isSetupRequired(db),
        mail: ctx.services.mail !== undefined,
        password_sign_in: config.passwordSignIn,
      };
    },
  }),

  defineEndpoint({
    name: 'auth.setup_admin',
    auth: 'none',
    changesState: true,
    authorize: 'sign_up.set_up_first_admin',
    async handle(ctx, params) {
      const identity = await completeFirstAdminSetup(ctx.services, params);
      await issueSession(ctx, identity, ctx.services.config.tokenDefaultExpirationSec);
      return { user: identity.userId };
    },
  }),
];
