// "Forgot password?" over the API: auth.request_password_reset mails a link, auth.get_password_reset says whether a
// link works, auth.reset_password uses it.
//
// Asking for a link answers the same whether or not an account uses the address, and after the same time (at least
// RESET_REQUEST_ANSWER_MS): with an account, the link is made and mailed (and taken back if the mail does not go out);
// without one, the SMTP server is only asked whether it would take mail, so an SMTP server that is down says so to
// everyone alike (503) instead of only to the addresses that have an account.
//
// Using a link sets the password and ends every session of the account, those of its key pairs too (the key pairs
// themselves keep working: the SDK and agents sign in again with them on their own); then it signs the person in,
// unless the account has two-factor on: a reset link never stands in for the second factor, so the person signs in
// with the new password and a code.
import { PASSWORD_RESET_LINK_MINUTES, isEmailAddress } from '@foyer/contract';
import { originOf, recordEvents } from '../audit/record.ts';
import { accountKey, beginAttempt } from '../auth/throttle.ts';
import { assertAcceptablePassword, hashPassword } from '../auth/passwords.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { issueSession } from '../auth/session-issue.ts';
import { defineEndpoint, type CallContext } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { noSoonerThan } from '../shared/time.ts';
import { requireMailer, sendLinkMail } from '../mail/link-mail.ts';
import { passwordResetMail } from '../mail/templates.ts';
import { findTwoFactor } from '../two-factor/store.ts';
import { findUserByEmail, findUserById, setPasswordHash } from '../users/store.ts';
import { signInWorkspace } from '../workspaces/store.ts';
import { issueResetLink, withdrawResetLink } from './links.ts';
import { REFUSAL_MESSAGES, RESET_REQUEST_ANSWER_MS, linkRefusal, maskEmail, resetRequestAttempt } from './rules.ts';
import { deleteOtherResetLinks, findResetLink, useResetLink } from './store.ts';
import { notifySecurityEvent } from '../mail/security-notices.ts';

async function refuseLink(ctx: CallContext, token: string): Promise<never> {
  const reason = linkRefusal(await findResetLink(ctx.services.db, token), ctx.services.now()) ?? 'used';
  throw errors.resetLinkRefused(reason, REFUSAL_MESSAGES[reason]);
}

/** Mails a new link to the account, or only checks the SMTP server when no account uses the address. */
async function mailLinkIfAccount(ctx: CallContext, email: string): Promise<void> {
  const { services } = ctx;
  const user = await findUserByEmail(services.db, email);
  if (!user) {
    try {
      await requireMailer(services).check();
    } catch (error) {
      services.log.warn({ reason: (error as Error).message }, 'the SMTP server did not answer a check');
      throw errors.mailFailed();
    }
    return;
  }
  const link = await issueResetLink(services, user, originOf(ctx.request), 'mail');
  const mail = passwordResetMail({ to: user.email, name: user.name, url: link.url, minutes: PASSWORD_RESET_LINK_MINUTES });
  await sendLinkMail(services, mail, 'password reset link', () => withdrawResetLink(services, link, user.id));
}

export const passwordResetEndpoints = [
  defineEndpoint({
    name: 'auth.request_password_reset',
    auth: 'none',
    changesState: true,
    authorize: 'password_reset.request_link',
    async handle(ctx, params) {
      const { services } = ctx;
      requireMailer(services);
      if (!isEmailAddress(params.email)) throw errors.invalidField('email', 'must be an email address');
      await beginAttempt(services.db, resetRequestAttempt(services.config.loginThrottle, params.email, ctx.request.ip), services.now(), errors.resetThrottled);
      await noSoonerThan(RESET_REQUEST_ANSWER_MS, () => mailLinkIfAccount(ctx, params.email));
      return { expires_in_minutes: PASSWORD_RESET_LINK_MINUTES };
    },
  }),

  defineEndpoint({
    name: 'auth.get_password_reset',
    auth: 'none',
    changesState: false,
    authorize: 'password_reset.read_link',
    async handle(ctx, params) {
      const { services } = ctx;
      const link = await findResetLink(services.db, params.token);
      const user = link && !linkRefusal(link, services.now()) ? await findUserById(services.db, link.user_id) : undefined;
      if (!link || !user) return refuseLink(ctx, params.token);
      return { email: maskEmail(user.email), expires: new Date(link.expires_at).toISOString() };
    },
  }),

  defineEndpoint({
    name: 'auth.reset_password',
    auth: 'none',
    changesState: true,
    authorize: 'password_reset.use_link',
    async handle(ctx, params) {
      const { services } = ctx;
      const link = await findResetLink(services.db, params.token);
      const user = link && !linkRefusal(link, services.now()) ? await findUserById(services.db, link.user_id) : undefined;
      if (!link || !user) return refuseLink(ctx, params.token);
      assertAcceptablePassword(params.password, user.email);
      const passwordHash = await hashPassword(params.password); // argon2, outside the transaction
      const now = services.now();
      const sessionsEnded = await services.db.transaction().execute(async (tx) => {
        const usedBy = await useResetLink(tx, params.token, now);
        if (usedBy !== user.id) return undefined; // another use won, or a newer link came in between
        await setPasswordHash(tx, user.id, passwordHash);
        await deleteOtherResetLinks(tx, user.id, params.token);
        const ended = await revokeUserSessions(tx, user.id, now);
        await recordEvents(tx, now, originOf(ctx.request), [{ kind: 'password.reset', actor: user.id, subject: user.id, target: link.id, details: { sessions_ended: ended } }]);
        return ended;
      });
      if (sessionsEnded === undefined) return refuseLink(ctx, params.token);
      // the mailbox answered for the account: earlier wrong passwords no longer hold its sign-in back
      await services.db.deleteFrom('login_throttle').where('key', '=', accountKey(user.email)).execute();
      notifySecurityEvent(services, user, { kind: 'password.reset' }, ctx.request);

      const done = { email: user.email, sessions_ended: sessionsEnded };
      const twoFactor = await findTwoFactor(services.db, user.id);
      if (twoFactor && twoFactor.enabled_at !== null) return { ...done, signed_in: false, second_factor_required: true };
      const workspace = await signInWorkspace(services.db, user.id, user.active_workspace_id);
      if (!workspace) return { ...done, signed_in: false, second_factor_required: false };
      const principal = { userId: user.id, userName: user.name, email: user.email, serverRole: user.server_role, workspaceId: workspace.id, workspaceName: workspace.name, memberRole: workspace.role };
      await issueSession(ctx, principal, services.config.tokenDefaultExpirationSec);
      await recordEvents(services.db, services.now(), originOf(ctx.request), [{ kind: 'sign_in.password', actor: user.id, subject: user.id, workspace: workspace.id }]);
      return { ...done, signed_in: true, second_factor_required: false };
    },
  }),
];
