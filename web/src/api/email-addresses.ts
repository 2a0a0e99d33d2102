// The account's address: verified by a mailed link, changed with the password (users.*); invitations sent by mail.
import { EMAIL_LINK_REFUSALS, type EmailLinkRefusal, type EmailVerified, type ResultOf } from '@foyer/contract';
import { callApi, isApiError } from './client';

export function changeEmail(email: string, password: string): Promise<ResultOf<'users.change_email'>> {
  return callApi('users.change_email', { email, password });
}

export function sendVerificationEmail(): Promise<{ sent_to: string }> {
  return callApi('users.send_verification_email');
}

export function verifyEmail(token: string): Promise<EmailVerified> {
  return callApi('users.verify_email', { token });
}

export function sendInvite(id: string, email?: string): Promise<{ sent_to: string; sent: string }> {
  return callApi('invites.send', { id, ...(email ? { email } : {}) });
}

const REFUSALS: ReadonlySet<string> = new Set<string>(EMAIL_LINK_REFUSALS);

/** Why a verification link did nothing, as the server says it; undefined for any other failure. */
export function emailLinkRefusal(error: unknown): EmailLinkRefusal | undefined {
  if (!isApiError(error, 400)) return undefined;
  const reason = error.errorData.reason;
  return typeof reason === 'string' && REFUSALS.has(reason) ? (reason as EmailLinkRefusal) : undefined;
}
