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

/** X-Clearml-Tenant on auth.login asks for a token in another workspace the person belongs to. */
async function identityForTenant(ctx: AuthedContext, tenant: string | undefined): Promise<Identity> {
  const { identity } = ctx;
  if (!tenant || tenant === identity.workspaceId) return identity;
  reachWorkspace(ctx, tenant);
  const membership = await findMembership(ctx.services.db, tenant, identity.userId);
  if (!membership) throw errors.notMember(tenant);
  await setActiveWorkspace(ctx.services.db, identity.userId, membership.id);
  return { ...identity, workspaceId: membership.id, workspaceName: membership.name, memberRole: membership.role, sessionId: undefined };
}

export const authEndpoints = [
  signInAndJoinEndpoint,

  defineEndpoint({
    name: 'auth.login',
    auth: 'required',
    changesState: true, // it opens a session and returns its token
    async handle(ctx, params) {
      const { config } = ctx.services;
      authorize(ctx, 'public.sign_in', undefined); // the password or key pair just checked is the proof
      const expirationSec = params.expiration_sec ?? config.tokenDefaultExpirationSec;
      if (expirationSec < 1 || expirationSec > config.tokenMaxExpirationSec) {
        throw errors.validation(`expiration_sec must be from 1 to ${config.tokenMaxExpirationSec} seconds`, { expiration_sec: expirationSec });
      }
      const tenant = ctx.request.headers['x-clearml-tenant'] ?? ctx.request.headers['x-trains-tenant'];
      const identity = await identityForTenant(ctx, typeof tenant === 'string' ? tenant : undefined);
      return { token: await issueSession(ctx, identity, expirationSec) };
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
        sso: {},
        sso_providers: [],
        server_errors: { missed_es_upgrade: false, es_connection_error: false },
        authenticated: ctx.identity !== undefined,
        mode: config.mode,
        signup: config.mode === 'multi' ? config.signup : 'invite-only',
        setup_required: await isSetupRequired(db),
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
