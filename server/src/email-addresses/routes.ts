// users.change_email, users.send_verification_email, users.verify_email: the account's address, verified by a link.
import { originOf, recordEvents } from '../audit/record.ts';
import { confirmPassword } from '../auth/confirm-password.ts';
import { isUniqueViolation } from '../db/database.ts';
import { defineEndpoint } from '../http/endpoint.ts';
import { ApiError, errors } from '../http/errors.ts';
import { acceptInvite } from '../invites/accept.ts';
import { findInvite } from '../invites/store.ts';
import { requireMailer } from '../mail/link-mail.ts';
import { addressTakenNotice } from '../mail/templates.ts';
import { authorize } from '../policies/index.ts';
import { findUserByEmail, findUserById, lockUser } from '../users/store.ts';
import { findWorkspace } from '../workspaces/store.ts';
import { mailAddressChangeLink, mailVerificationLinkThrottled, noticeAddressChange } from './links.ts';
import { emailLinkVerdict } from './rules.ts';
import { claimEmailLink, findEmailLinkByToken, markVerified, swapEmail, waitingInviteOf } from './store.ts';

const takenMessage = (email: string) => `${email} is the address of another account. Choose another address.`;

export const emailAddressEndpoints = [
  defineEndpoint({
    name: 'users.change_email',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    async handle(ctx, params) {
      const { services, identity, request } = ctx;
      const { db } = services;
      authorize(ctx, 'user_account.change_email', { userId: identity.userId });
      const user = await findUserById(db, identity.userId);
      if (!user) throw errors.invalidUser('Failed loading user');
      if (params.email === user.email) throw errors.invalidField('email', 'is already the address of your account');
      const confirmed = await confirmPassword(services, user, params.password, request, 'password');
      if (services.mail) {
        // the answer is the same whether or not another account has the address: this call tells no one who has an account
        const holder = await findUserByEmail(db, params.email);
        if (holder && holder.id !== user.id) {
          await confirmed.succeeded();
          services.mail.sendNotice(addressTakenNotice({ to: params.email, profileUrl: `${services.config.publicWebUrl}/profile` }), 'address taken notice');
          return { email: user.email, changed: false, verification_sent_to: params.email };
        }
        await mailAddressChangeLink(services, user, params.email);
        await confirmed.succeeded();
        noticeAddressChange(services, user, params.email);
        return { email: user.email, changed: false, verification_sent_to: params.email };
      }
      // no mail: the address changes now, unverified; of two changes at once (or two people taking one address), one is made
      const now = services.now();
      const swapped = await db
        .transaction()
        .execute(async (tx) => {
          if (!(await swapEmail(tx, user.id, user.email, params.email, null))) return false;
          await recordEvents(tx, now, originOf(request), [{ kind: 'email.changed', actor: user.id, subject: user.id, details: { verified: false } }]);
          return true;
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw errors.alreadyExists(takenMessage(params.email));
          throw error;
        });
      if (!swapped) throw errors.conflict('Your address was changed by another request at the same time, so this change was not made. Reload the page to see the address now in force.');
      await confirmed.succeeded();
      return { email: params.email, changed: true, verification_sent_to: null };
    },
  }),

  defineEndpoint({
    name: 'users.send_verification_email',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    async handle(ctx) {
      const { services, identity } = ctx;
      authorize(ctx, 'user_account.send_verification_email', { userId: identity.userId });
      requireMailer(services);
      const user = await findUserById(services.db, identity.userId);
      if (!user) throw errors.invalidUser('Failed loading user');
      if (user.email_verified_at !== null) throw errors.validation(`${user.email} is verified already.`);
      // a join that was waiting for the address stays waiting for the new link
      const inviteId = await waitingInviteOf(services.db, user.id, user.email);
      const invite = inviteId ? await findInvite(services.db, inviteId) : undefined;
      const workspace = invite ? await findWorkspace(services.db, invite.workspace_id) : undefined;
      await mailVerificationLinkThrottled(services, {
        user,
        purpose: 'verify',
        email: user.email,
        invite: invite && workspace ? { id: invite.id, workspaceName: workspace.name } : undefined,
      });
      return { sent_to: user.email };
    },
  }),

  defineEndpoint({
    name: 'users.verify_email',
    auth: 'none',
    changesState: true,
    authorize: 'public.follow_email_link',
    async handle({ services, request }, params) {
      const now = services.now();
      const origin = originOf(request);
      const followed = await services.db.transaction().execute(async (tx) => {
        const link = await findEmailLinkByToken(tx, params.token);
        // the account's row locked: what it holds is read, and changed, one link at a time
        const account = link ? await lockUser(tx, link.user_id) : undefined;
        let verdict = emailLinkVerdict(link, account, now);
        if (verdict.outcome === 'verify' && !(await claimEmailLink(tx, link!.id, now))) {
          // another use of the same link got there first: say what it did
          verdict = emailLinkVerdict(await findEmailLinkByToken(tx, params.token), await lockUser(tx, link!.user_id), now);
          if (verdict.outcome === 'verify') verdict = { outcome: 'refused', reason: 'used', message: 'This verification link was used already.' };
        }
        if (verdict.outcome === 'refused') throw errors.emailLinkRefused(verdict.reason, verdict.message);
        if (verdict.outcome === 'already_verified') return { result: 'already_verified' as const, link: link!, account: account! };
        if (link!.purpose === 'change') {
          try {
            if (!(await swapEmail(tx, account!.id, account!.email, link!.email, now))) throw errors.conflict('The account changed at the same time; follow the link again.');
          } catch (error) {
            if (isUniqueViolation(error)) throw errors.emailLinkRefused('taken', `${link!.email} became the address of another account since this link was sent, so the address was not changed.`);
            throw error;
          }
        } else if (!(await markVerified(tx, account!.id, link!.email, now))) {
          throw errors.emailLinkRefused('other_address', `This link was for ${link!.email}, which is no longer the address of the account.`);
        }
        await recordEvents(tx, now, origin, [
          ...(link!.purpose === 'change' ? [{ kind: 'email.changed' as const, actor: account!.id, subject: account!.id, details: { verified: true } }] : []),
          { kind: 'email.verified', actor: account!.id, subject: account!.id, details: { by: 'link' } },
        ]);
        return { result: 'verified' as const, link: link!, account: account! };
      });
      const { link, account } = followed;
      let joined = null;
      let joinRefused: string | null = null;
      // the join that waited for the address, in its own transaction: a link that can no longer admit anyone leaves the address verified
      if (followed.result === 'verified' && link.invite_id) {
        try {
          const accepted = await acceptInvite(services, { inviteId: link.invite_id, userId: account.id, email: link.email, origin });
          joined = { workspace: { id: accepted.workspaceId, name: accepted.workspaceName }, role: accepted.role };
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          joinRefused = error.message;
        }
      }
      return { result: followed.result, email: link.email, changed: followed.result === 'verified' && link.purpose === 'change', joined, join_refused: joinRefused };
    },
  }),
];
