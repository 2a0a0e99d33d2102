// users.get_two_factor, begin_two_factor, enable_two_factor, disable_two_factor, renew_recovery_codes.
import { defineEndpoint, type AuthedContext } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { isoTime } from '../shared/time.ts';
import { recordEvent } from '../audit/record.ts';
import { notifySecurityEvent } from '../mail/security-notices.ts';
import { confirmPassword } from '../auth/confirm-password.ts';
import { findUserById, lockUser } from '../users/store.ts';
import { newRecoveryCodes, parseCode } from './codes.ts';
import { acceptCode } from './second-factor.ts';
import { countRecoveryCodesLeft, deleteTwoFactor, findTwoFactor, markEnabled, openSecret, replaceRecoveryCodes, savePendingSecret, type TwoFactorRow } from './store.ts';
import { newTotpSecret, otpauthUri, qrCodeDataUrl, verifyTotp } from './totp.ts';

const ISSUER = 'Foyer';

async function signedInUser(ctx: AuthedContext) {
  const user = await findUserById(ctx.services.db, ctx.identity.userId);
  if (!user) throw errors.invalidUser('Failed loading user');
  return user;
}

/** The password and a code, for a change to two-factor that is on: the row, once both are right. */
async function confirmWithCode(ctx: AuthedContext, params: { password: string; code: string }): Promise<{ row: TwoFactorRow; succeeded: () => Promise<void> }> {
  const user = await signedInUser(ctx);
  const row = await findTwoFactor(ctx.services.db, user.id);
  if (!row || row.enabled_at === null) throw errors.validation('Two-factor sign-in is not on for this account');
  const confirmed = await confirmPassword(ctx.services, user, params.password, ctx.request, 'password');
  // a wrong code leaves the attempt counted, as a wrong password does
  if (!(await acceptCode(ctx.services, row, params.code))) throw errors.validation('The code is wrong, or was used already: type the current code from your app, or a recovery code', { field: 'code' });
  return { row, succeeded: confirmed.succeeded };
}

export const twoFactorEndpoints = [
  defineEndpoint({
    name: 'users.get_two_factor',
    auth: 'required',
    changesState: false,
    beforeTwoFactor: true,
    authorize: 'two_factor.read',
    async handle({ services, identity }) {
      const row = await findTwoFactor(services.db, identity.userId);
      const enabled = row?.enabled_at != null;
      return {
        enabled,
        enabled_at: enabled ? isoTime(row!.enabled_at!) : null,
        recovery_codes_left: enabled ? await countRecoveryCodesLeft(services.db, identity.userId) : 0,
      };
    },
  }),

  defineEndpoint({
    name: 'users.begin_two_factor',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    authorize: 'two_factor.manage',
    async handle(ctx, params) {
      const { services } = ctx;
      const user = await signedInUser(ctx);
      const existing = await findTwoFactor(services.db, user.id);
      if (existing?.enabled_at != null) throw errors.validation('Two-factor sign-in is on already; turn it off first to move it to another app');
      const confirmed = await confirmPassword(services, user, params.password, ctx.request, 'password');
      await confirmed.succeeded();
      const secret = newTotpSecret();
      if (!(await savePendingSecret(services.db, services.config.secretKey, user.id, secret, services.now()))) {
        throw errors.conflict('Two-factor sign-in was turned on meanwhile, in another tab or session');
      }
      const uri = otpauthUri(ISSUER, user.email, secret);
      return { secret, otpauth_uri: uri, qr_code: await qrCodeDataUrl(uri) };
    },
  }),

  defineEndpoint({
    name: 'users.enable_two_factor',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    authorize: 'two_factor.manage',
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const row = await findTwoFactor(services.db, identity.userId);
      if (!row) throw errors.validation('Start with users.begin_two_factor: it gives the secret the code comes from');
      if (row.enabled_at !== null) throw errors.validation('Two-factor sign-in is on already');
      const code = parseCode(params.code);
      if (code?.kind !== 'app') throw errors.validation('Type the six-digit code your authenticator app shows', { field: 'code' });
      const step = await verifyTotp(openSecret(services.config.secretKey, row), code.token, services.now(), 0);
      if (step === undefined) throw errors.validation('That code is not the one your app shows now: check that the app added this account, and that the phone keeps the right time', { field: 'code' });
      const recoveryCodes = newRecoveryCodes();
      await services.db.transaction().execute(async (tx) => {
        // only the secret the code was checked against: a new enrolment begun meanwhile makes this one void
        if (!(await markEnabled(tx, identity.userId, row.secret_sealed, step, services.now()))) {
          throw errors.conflict('The enrolment changed meanwhile (begun again in another tab): scan the newest QR code and try again');
        }
        await replaceRecoveryCodes(tx, identity.userId, recoveryCodes);
        await recordEvent(tx, ctx, { kind: 'two_factor.enabled', actor: identity.userId, subject: identity.userId });
      });
      notifySecurityEvent(services, { email: identity.email, name: identity.userName }, { kind: 'two_factor.enabled' }, ctx.request);
      return { recovery_codes: recoveryCodes };
    },
  }),

  defineEndpoint({
    name: 'users.disable_two_factor',
    auth: 'required',
    changesState: true,
    authorize: 'two_factor.manage',
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const { succeeded } = await confirmWithCode(ctx, params);
      const disabled = await services.db.transaction().execute(async (tx) => {
        const deleted = await deleteTwoFactor(tx, identity.userId);
        if (deleted > 0) await recordEvent(tx, ctx, { kind: 'two_factor.disabled', actor: identity.userId, subject: identity.userId });
        return deleted;
      });
      await succeeded();
      if (disabled > 0) notifySecurityEvent(services, { email: identity.email, name: identity.userName }, { kind: 'two_factor.disabled' }, ctx.request);
      return { disabled };
    },
  }),

  defineEndpoint({
    name: 'users.renew_recovery_codes',
    auth: 'required',
    changesState: true,
    authorize: 'two_factor.manage',
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const { succeeded } = await confirmWithCode(ctx, params);
      const recoveryCodes = newRecoveryCodes();
      await services.db.transaction().execute(async (tx) => {
        await lockUser(tx, identity.userId); // two renewals at once: one set of codes stands, not both
        await replaceRecoveryCodes(tx, identity.userId, recoveryCodes);
        await recordEvent(tx, ctx, { kind: 'two_factor.recovery_codes_renewed', actor: identity.userId, subject: identity.userId });
      });
      await succeeded();
      notifySecurityEvent(services, { email: identity.email, name: identity.userName }, { kind: 'two_factor.recovery_codes_renewed' }, ctx.request);
      return { recovery_codes: recoveryCodes };
    },
  }),
];
