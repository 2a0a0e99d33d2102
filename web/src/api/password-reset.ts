// "Forgot password?": ask for a link by mail, look at one, use it (auth.*).
import { PASSWORD_RESET_REFUSALS, SUBCODES, type PasswordResetDone, type PasswordResetLink, type PasswordResetRefusal, type PasswordResetRequested } from '@foyer/contract';
import { callApi, isApiError } from './client';

export function requestPasswordReset(email: string): Promise<PasswordResetRequested> {
  return callApi('auth.request_password_reset', { email });
}

export function getPasswordReset(token: string): Promise<PasswordResetLink> {
  return callApi('auth.get_password_reset', { token });
}

/** Sets the new password; the server signs the person in (the cookie) unless the account has two-factor on. */
export function resetPassword(token: string, password: string): Promise<PasswordResetDone> {
  return callApi('auth.reset_password', { token, password });
}

const REFUSALS: ReadonlySet<string> = new Set<string>(PASSWORD_RESET_REFUSALS);

/** Why a reset link cannot be used, as the server says it; undefined for any other failure. */
export function passwordResetRefusal(error: unknown): PasswordResetRefusal | undefined {
  if (!isApiError(error, 400, SUBCODES.passwordResetLinkUnusable)) return undefined;
  const reason = error.errorData.reason;
  return typeof reason === 'string' && REFUSALS.has(reason) ? (reason as PasswordResetRefusal) : undefined;
}

/** The server has no SMTP server, so it sends no mail. */
export function isMailNotConfigured(error: unknown): boolean {
  return isApiError(error, 400, SUBCODES.mailNotConfigured);
}

/** The SMTP server refused the mail or did not answer; nothing was changed. */
export function isMailFailure(error: unknown): boolean {
  return isApiError(error, 503, SUBCODES.mailFailed);
}
