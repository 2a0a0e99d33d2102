// Mailing a verification link. The link is made and committed first, then mailed (mail/mailer.ts, sendLinkMail): a
// mail that does not go out takes its link back and says so (503), and only a link whose mail went out replaces the
// account's older ones.
import type { Services } from '../services.ts';
import { ApiError, errors } from '../http/errors.ts';
import { unverifiedMessage } from '../invites/accept.ts';
import { findInviteByToken } from '../invites/store.ts';
import { findWorkspace } from '../workspaces/store.ts';
import { sendLinkMail } from '../mail/link-mail.ts';
import { addressChangeNotice, verifyAddressMail, webLink } from '../mail/templates.ts';
import { lockUser } from '../users/store.ts';
import { deleteEmailLink, insertEmailLink, lastMailTurn, latestLinkAt, releaseMailTurn, replaceOlderLinks, takeMailTurn } from './store.ts';
import { resendWaitSeconds } from './rules.ts';

/** The web app's page that follows a verification link (the token in the fragment, out of every log). */
export const VERIFY_EMAIL_PATH = '/verify-email';

export interface LinkRequest {
  user: { id: string; name: string };
  purpose: 'verify' | 'change';
  /** where the link goes: the account's address, or the new one it asked for */
  email: string;
  /** the bound invitation the account joins once verified, with its workspace's name */
  invite?: { id: string; workspaceName: string } | undefined;
}

/** Makes a link and mails it; throws errors.mailFailed (the link withdrawn) when the SMTP server does not take it. */
export async function mailVerificationLink(services: Services, request: LinkRequest): Promise<void> {
  const createdAt = services.now();
  const link = await insertEmailLink(services.db, { userId: request.user.id, purpose: request.purpose, email: request.email, inviteId: request.invite?.id ?? null, now: createdAt });
  await mailMadeLink(services, request, link, createdAt);
}

/**
 * A link for a new address, at most one a minute per account (counted by the change links themselves, so a link
 * mailed at sign-up does not hold up fixing a mistyped address): the check and the new link are one transaction
 * with the account's row locked, so of two requests at once one is made.
 */
export async function mailAddressChangeLink(services: Services, user: { id: string; name: string }, email: string): Promise<void> {
  const createdAt = services.now();
  const link = await services.db.transaction().execute(async (tx) => {
    await lockUser(tx, user.id);
    const wait = resendWaitSeconds(await latestLinkAt(tx, user.id, 'change'), createdAt);
    if (wait > 0) throw errors.tooSoon(wait, `A link for a new address was sent less than a minute ago. Check that inbox (and its spam folder), or try again in ${wait} second${wait === 1 ? '' : 's'}.`);
    return insertEmailLink(tx, { userId: user.id, purpose: 'change', email, inviteId: null, now: createdAt });
  });
  await mailMadeLink(services, { user, purpose: 'change', email }, link, createdAt);
}

async function mailMadeLink(services: Services, request: LinkRequest, link: { id: string; token: string }, createdAt: number): Promise<void> {
  const mail = verifyAddressMail({
    to: request.email,
    name: request.user.name,
    url: webLink(services.config.publicWebUrl, VERIFY_EMAIL_PATH, link.token),
    purpose: request.purpose,
    joins: request.invite?.workspaceName ?? null,
  });
  await sendLinkMail(services, mail, `address ${request.purpose === 'change' ? 'change' : 'verification'}`, () => deleteEmailLink(services.db, link.id));
  await replaceOlderLinks(services.db, { id: link.id, userId: request.user.id, createdAt }, services.now());
}

/**
 * The same, at most one mail a minute per account: throws errors.tooSoon when the last one was sent less than a
 * minute ago. The turn is given back when the mail does not go out.
 */
export async function mailVerificationLinkThrottled(services: Services, request: LinkRequest): Promise<void> {
  const now = services.now();
  if (!(await takeMailTurn(services.db, request.user.id, now))) {
    const wait = resendWaitSeconds(await lastMailTurn(services.db, request.user.id), services.now()) || 1;
    throw errors.tooSoon(wait, `A link was sent less than a minute ago. Check your inbox (and spam folder), or try again in ${wait} second${wait === 1 ? '' : 's'}.`);
  }
  try {
    await mailVerificationLink(services, request);
  } catch (error) {
    await releaseMailTurn(services.db, request.user.id, now);
    throw error;
  }
}

/** Tells the old address that a change to another one was asked for (in the background: it never fails the change). */
export function noticeAddressChange(services: Services, account: { name: string; email: string }, newAddress: string): void {
  services.mail?.sendNotice(addressChangeNotice({ to: account.email, name: account.name, newAddress, profileUrl: `${services.config.publicWebUrl}/profile` }), 'address change notice');
}

/**
 * A bound invitation refused an address not verified yet (errors.inviteNeedsVerifiedAddress): on a server that sends
 * mail, a link goes to the address that joins when followed (or one went less than a minute ago), and the refusal
 * says where it went. Any other error is returned as it is.
 */
export async function offerVerificationToJoin(services: Services, error: unknown, user: { id: string; name: string; email: string }, inviteToken: string): Promise<unknown> {
  if (!(error instanceof ApiError) || error.data.reason !== 'unverified' || !services.mail) return error;
  const invite = await findInviteByToken(services.db, inviteToken);
  const workspace = invite ? await findWorkspace(services.db, invite.workspace_id) : undefined;
  if (!invite || !workspace) return error;
  try {
    await mailVerificationLinkThrottled(services, { user, purpose: 'verify', email: user.email, invite: { id: invite.id, workspaceName: workspace.name } });
  } catch (sendError) {
    // a link went less than a minute ago (it joins too): the person is told to look for it
    if (!(sendError instanceof ApiError) || sendError.code !== 429) return sendError;
  }
  return errors.inviteNeedsVerifiedAddress(unverifiedMessage(workspace.name, user.email, true, user.email), { verification_sent: user.email, mail_available: true });
}

/**
 * A new account's first link (a server that sends mail): the address to verify, and the bound invitation that waits
 * for it. The account is made whatever happens to the mail; the answer says whether a link went (null: no mail on
 * this server, or the SMTP server did not take it: "Send the link again" on the Profile page, or the invitation page's
 * sign-in, sends another).
 */
export async function mailWelcomeVerification(services: Services, user: { id: string; name: string; email: string }, waiting: { inviteId: string; workspaceName: string } | undefined): Promise<string | null> {
  if (!services.mail) return null;
  const now = services.now();
  await takeMailTurn(services.db, user.id, now);
  try {
    await mailVerificationLink(services, { user, purpose: 'verify', email: user.email, invite: waiting ? { id: waiting.inviteId, workspaceName: waiting.workspaceName } : undefined });
    return user.email;
  } catch (error) {
    await releaseMailTurn(services.db, user.id, now);
    if (error instanceof ApiError) return null;
    throw error;
  }
}
