// The endpoints of a sign-in with an OpenID Connect provider, and the identities linked to an account. The browser
// begins at GET /auth/oidc/<id>/start (web-routes.ts); the provider sends it back to the web app's callback page,
// which hands the provider's answer to auth.oidc_sign_in.
import type { LinkedIdentity, LoginModes } from '@foyer/contract';
import type { Config } from '../config.ts';
import { defineEndpoint, type CallContext } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { authorize } from '../policies/index.ts';
import { checkPassword, otpOf } from '../auth/authenticate.ts';
import { requireSecondFactor } from '../two-factor/second-factor.ts';
import { attemptSucceeded, beginAttempt, passwordAttempt } from '../auth/throttle.ts';
import { findUserById } from '../users/store.ts';
import { isoTime } from '../shared/time.ts';
import { recordEvent } from '../audit/record.ts';
import { abilities, actorOf } from '../policies/index.ts';
import { lockAsMember, requireMembership } from '../workspaces/membership.ts';
import { breakGlassOwners, readWorkspacePolicy, writeWorkspacePolicy } from './policy.ts';
import { SsoFailure } from './client.ts';
import { flowIsLive, personFromClaims } from './rules.ts';
import { finishSignIn, personOfStep, providerOf, refusal, sameBrowser, signInFromProvider } from './sign-in.ts';
import { findFlow, listIdentities, takeFlow, type FlowRow } from './store.ts';

/** login.supported_modes' sso and sso_providers, as the ClearML reference server names them. */
export function ssoModes(config: Pick<Config, 'oidcProviders' | 'publicWebUrl'>): Pick<LoginModes, 'sso' | 'sso_providers'> {
  const providers = config.oidcProviders.map((provider) => ({ id: provider.id, name: provider.name, url: `${config.publicWebUrl}/auth/oidc/${provider.id}/start` }));
  return { sso: Object.fromEntries(providers.map((provider) => [provider.id, provider.url])), sso_providers: providers };
}

function refused(error: unknown, data: Record<string, unknown> = {}) {
  return error instanceof SsoFailure ? refusal(error, data) : error;
}

/** The step row, in this browser and in time; used up only by the step that goes through (a wrong password may be typed again). */
async function liveStep(ctx: CallContext, token: string): Promise<FlowRow> {
  const { db } = ctx.services;
  const step = (await findFlow(db, token, 'link')) ?? (await findFlow(db, token, 'second_factor'));
  if (!step || !sameBrowser(ctx, step.browser_hash)) throw new SsoFailure('step_unknown', 'This sign-in step is not known in this browser (it was finished, or begun elsewhere). Sign in again.');
  if (!flowIsLive(step.expires_at, ctx.services.now())) throw new SsoFailure('flow_expired', 'This sign-in took too long and has expired. Sign in again.');
  return step;
}

export const oidcEndpoints = [
  defineEndpoint({
    name: 'auth.oidc_sign_in',
    auth: 'none',
    changesState: true,
    authorize: 'public.sign_in', // the provider's signed ID token, for the flow this browser began, is the proof
    async handle(ctx, params) {
      const { services } = ctx;
      try {
        const provider = providerOf(ctx, params.provider);
        const state = new URLSearchParams(params.callback).get('state');
        const flow = state ? await takeFlow(services.db, state, 'authorize') : undefined;
        if (!flow || flow.provider_id !== provider.id) {
          throw new SsoFailure('flow_unknown', 'This sign-in is not one this server began, or it was used already. Sign in again.');
        }
        if (!flowIsLive(flow.expires_at, services.now())) throw new SsoFailure('flow_expired', 'This sign-in took too long and has expired. Sign in again.');
        if (!sameBrowser(ctx, flow.browser_hash)) throw new SsoFailure('other_browser', 'This sign-in was begun in another browser. Sign in again from this one.');
        const claims = await services.oidc.complete(provider, params.callback, { state: state!, nonce: flow.nonce!, codeVerifier: flow.code_verifier! });
        const person = personFromClaims(claims, provider);
        if (person === 'email_unverified') {
          throw new SsoFailure('email_unverified', `${provider.name} has not verified your address, so it cannot sign you in here. Verify it at ${provider.name}, then sign in again.`);
        }
        if (person === 'email_missing') throw new SsoFailure('email_missing', `${provider.name} did not give your email address. Ask an administrator to let Foyer read it (the "email" scope).`);
        if (typeof person === 'string') throw new SsoFailure(person, `${provider.name} sent an answer without a valid subject`);
        return await signInFromProvider(ctx, provider, person, flow.browser_hash);
      } catch (error) {
        throw refused(error, { provider: params.provider });
      }
    },
  }),

  defineEndpoint({
    name: 'auth.oidc_continue',
    auth: 'none',
    changesState: true,
    authorize: 'public.sign_in', // the step token in this browser, with the account's password or code
    async handle(ctx, params) {
      const { services } = ctx;
      let step: FlowRow;
      try {
        step = await liveStep(ctx, params.step_token);
      } catch (error) {
        throw refused(error);
      }
      const provider = (() => {
        try {
          return providerOf(ctx, step.provider_id);
        } catch (error) {
          throw refused(error);
        }
      })();
      const user = await findUserById(services.db, step.user_id!);
      if (!user) throw refused(new SsoFailure('step_unknown', 'The account this step was for is gone. Sign in again.'));
      let succeeded: () => Promise<void>;
      if (step.stage === 'link') {
        if (params.password === undefined || params.password === '') throw errors.invalidField('password', 'type the password of the account to link it');
        ({ succeeded } = await checkPassword(services, user.email, params.password, ctx.request, otpOf(ctx.request, params.otp), 'link_identity'));
      } else {
        const attempt = passwordAttempt(services.config.loginThrottle, user.email, ctx.request.ip);
        await beginAttempt(services.db, attempt, services.now());
        await requireSecondFactor(services, user.id, otpOf(ctx.request, params.otp), ctx.request);
        succeeded = () => attemptSucceeded(services.db, attempt);
      }
      // used up by the one step that goes through: of two at once, the other finds it gone
      if (!(await takeFlow(services.db, params.step_token, step.stage))) throw refused(new SsoFailure('step_unknown', 'This sign-in step was finished already. Sign in again.'));
      await succeeded();
      try {
        return await finishSignIn(ctx, provider, personOfStep(step.claims), user, { created: false, linked: step.stage === 'link' });
      } catch (error) {
        throw refused(error);
      }
    },
  }),

  defineEndpoint({
    name: 'users.get_linked_identities',
    auth: 'required',
    changesState: false,
    beforeTwoFactor: true,
    async handle(ctx) {
      authorize(ctx, 'user_account.read', { userId: ctx.identity.userId });
      const providers = ctx.services.config.oidcProviders;
      const rows = await listIdentities(ctx.services.db, ctx.identity.userId);
      const identities: LinkedIdentity[] = rows.map((row) => ({
        provider: { id: row.provider_id, name: providers.find((provider) => provider.id === row.provider_id)?.name ?? row.provider_id },
        email: row.email,
        linked_at: isoTime(row.linked_at),
        last_sign_in_at: isoTime(row.last_sign_in_at),
      }));
      return { identities };
    },
  }),

  defineEndpoint({
    name: 'workspaces.get_sign_in_policy',
    auth: 'required',
    changesState: false,
    async handle(ctx, params) {
      const { services } = ctx;
      const { role } = await requireMembership(ctx, params.workspace);
      authorize(ctx, 'sso.read_workspace_policy', { role });
      const providersConfigured = services.config.oidcProviders.length > 0;
      return {
        require_sso: await readWorkspacePolicy(services.db, params.workspace),
        providers: services.config.oidcProviders.map((provider) => ({ id: provider.id, name: provider.name })),
        break_glass: await breakGlassOwners(services.db, params.workspace),
        server_password_sign_in: services.config.passwordSignIn,
        ...abilities(actorOf(ctx.identity), { change: ['sso.require_for_workspace', { role, providersConfigured }] }),
      };
    },
  }),

  defineEndpoint({
    name: 'workspaces.set_sign_in_policy',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const { services } = ctx;
      return services.db.transaction().execute(async (tx) => {
        const { role } = await lockAsMember(ctx, tx, params.workspace);
        authorize(ctx, 'sso.require_for_workspace', { role, providersConfigured: services.config.oidcProviders.length > 0 });
        if ((await readWorkspacePolicy(tx, params.workspace)) !== params.require_sso) {
          await writeWorkspacePolicy(tx, { workspaceId: params.workspace, requireSso: params.require_sso, userId: ctx.identity.userId, now: services.now() });
          await recordEvent(tx, ctx, { kind: 'workspace.settings_changed', actor: ctx.identity.userId, workspace: params.workspace, details: { require_sso: params.require_sso } });
        }
        return { require_sso: params.require_sso };
      });
    },
  }),
];
