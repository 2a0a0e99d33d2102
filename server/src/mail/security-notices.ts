// Mail to the person on security events, when this server sends mail: a sign-in from a new place, the password
// changed or reset, two-factor turned on or off or its recovery codes renewed, a key pair created or given a new secret. Each is sent
// after its change committed, in the background (Mailer.sendNotice): it never fails or delays the change, and never
// holds a secret (a key pair is named by its access key, never its secret key).
import type { RequestInfo } from '../http/endpoint.ts';
import type { Services } from '../services.ts';
import { describeClient } from '../auth/session-clients.ts';
import { composeMail, mailTime } from './templates.ts';

export type SecurityEvent =
  | { kind: 'sign_in.new_place' }
  | { kind: 'password.changed' }
  | { kind: 'password.reset' }
  | { kind: 'two_factor.enabled' }
  | { kind: 'two_factor.disabled' }
  | { kind: 'two_factor.recovery_codes_renewed' }
  | { kind: 'key.created'; accessKey: string; label: string | null }
  | { kind: 'key.rotated'; accessKey: string; label: string | null; oldSecretUntil: number | null };

interface NoticeText {
  subject: string;
  what: string;
  /** what to do if it was not the person */
  ifNotYou: string;
}

const SECURE_ACCOUNT = 'change your password on your Profile page now (or use "Forgot password?" on the sign-in page) and sign out your other sessions.';

function noticeText(event: SecurityEvent): NoticeText {
  switch (event.kind) {
    case 'sign_in.new_place':
      return { subject: 'New sign-in to your Foyer account', what: 'Your Foyer account was signed in to with its password from a place it had not been signed in from before.', ifNotYou: `If this was not you, ${SECURE_ACCOUNT}` };
    case 'password.changed':
      return { subject: 'Your Foyer password was changed', what: 'The password of your Foyer account was changed.', ifNotYou: `If this was not you, use "Forgot password?" on the sign-in page to set a new one, and sign out your other sessions.` };
    case 'password.reset':
      return { subject: 'Your Foyer password was reset', what: 'A new password was set for your Foyer account with a reset link sent to this address. Every session of the account was signed out.', ifNotYou: 'If this was not you, someone can read this mailbox: secure it, then use "Forgot password?" on the sign-in page to set a new password.' };
    case 'two_factor.enabled':
      return { subject: 'Two-factor sign-in is on for your Foyer account', what: 'Two-factor sign-in was turned on for your Foyer account: signing in with the password now also asks for a code from the authenticator app.', ifNotYou: `If this was not you, ${SECURE_ACCOUNT}` };
    case 'two_factor.disabled':
      return { subject: 'Two-factor sign-in is off for your Foyer account', what: 'Two-factor sign-in was turned off for your Foyer account: the password alone now signs it in.', ifNotYou: `If this was not you, ${SECURE_ACCOUNT} Then turn two-factor sign-in on again.` };
    case 'two_factor.recovery_codes_renewed':
      return { subject: 'New recovery codes for your Foyer account', what: 'New two-factor recovery codes were made for your Foyer account; the old ones no longer work.', ifNotYou: `If this was not you, ${SECURE_ACCOUNT}` };
    case 'key.created':
      return {
        subject: 'A new key pair for your Foyer account',
        what: `A key pair was created for your Foyer account: access key ${event.accessKey}${event.label ? ` ("${event.label}")` : ''}. It signs in the ClearML SDK and agents as you.`,
        ifNotYou: `If this was not you, revoke it under Credentials on your Profile page, and ${SECURE_ACCOUNT}`,
      };
    case 'key.rotated':
      return {
        subject: 'A key pair of your Foyer account has a new secret',
        what: `Key pair ${event.accessKey}${event.label ? ` ("${event.label}")` : ''} of your Foyer account was given a new secret key. ${
          event.oldSecretUntil === null ? 'Its old secret stopped working at once.' : `Its old secret keeps working until ${mailTime(event.oldSecretUntil)}.`
        }`,
        ifNotYou: `If this was not you, revoke the key pair under Credentials on your Profile page, and ${SECURE_ACCOUNT}`,
      };
  }
}

/** "Chrome 131 on Linux", "ClearML SDK 1.17.0", from the request the change came with. */
function clientWords(request: RequestInfo): string {
  const userAgent = request.headers['user-agent'];
  const client = describeClient({ client: request.client ?? null, worker: request.worker ?? null, user_agent: typeof userAgent === 'string' ? userAgent : null });
  return [client.name, client.version, client.os ? `on ${client.os}` : undefined, client.host ? `on ${client.host}` : undefined].filter(Boolean).join(' ');
}

/** Mails the account's owner about what just happened, if this server sends mail; returns at once. */
export function notifySecurityEvent(services: Services, user: { email: string; name: string | null }, event: SecurityEvent, request: RequestInfo): void {
  if (!services.mail) return;
  const text = noticeText(event);
  const when = mailTime(services.now());
  const mail = composeMail({
    to: user.email,
    subject: text.subject,
    name: user.name,
    paragraphs: [text.what, `When: ${when}. From: ${request.ip || 'an unknown address'}, ${clientWords(request)}.`, `If this was you, there is nothing to do. ${text.ifNotYou}`],
    action: { label: 'Open your Profile page', url: `${services.config.publicWebUrl}/profile` },
    afterAction: ['Your Profile page lists every sign-in and change of your account in its Security log.'],
  });
  services.mail.sendNotice(mail, `security notice ${event.kind}`);
}
