// "Forgot password?": a link by mail (or printed by the operator's CLI) that sets a new password once.

/** How long a reset link works. */
export const PASSWORD_RESET_LINK_MINUTES = 30;

/** Why a reset link cannot be used (error_data.reason of SUBCODES.passwordResetLinkUnusable). */
export const PASSWORD_RESET_REFUSALS = ['not_found', 'used', 'expired', 'replaced'] as const;
export type PasswordResetRefusal = (typeof PASSWORD_RESET_REFUSALS)[number];

export interface PasswordResetRequested {
  /** the same whether or not an account uses the address */
  expires_in_minutes: number;
}

export interface PasswordResetLink {
  /** the account's address, partly hidden (a***@example.com): enough to recognise, not to learn */
  email: string;
  expires: string;
}

export interface PasswordResetDone {
  /** the new password opened a session (its cookie is set) */
  signed_in: boolean;
  /** not signed in because the account signs in with two-factor: sign in with the new password and a code */
  second_factor_required: boolean;
  /** the account's address, to fill in the sign-in form */
  email: string;
  /** every session the account had, ended */
  sessions_ended: number;
}

export interface PasswordResetResults {
  'auth.request_password_reset': PasswordResetRequested;
  'auth.get_password_reset': PasswordResetLink;
  'auth.reset_password': PasswordResetDone;
}
