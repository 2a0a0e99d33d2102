// The ClearML response envelope, `{meta, data}`: HTTP status = meta.result_code, the reason in result_subcode.

export interface EnvelopeMeta {
  id: string;
  trx: string;
  endpoint: { name: string; requested_version: string; actual_version: string };
  result_code: number;
  result_subcode: number;
  result_msg: string;
  error_stack: null;
  error_data: Record<string, unknown>;
}

export interface Envelope<Data = unknown> {
  meta: EnvelopeMeta;
  data: Data;
}

/** The result_subcode values a client can act on, by what they mean (the numbers are ClearML's where it has one). */
export const SUBCODES = {
  validation: 12,
  credentialsLimit: 50,
  /** an invitation link that is unknown, revoked or used up (ClearML's web app knows 54 and 56) */
  inviteUnusable: 54,
  inviteExpired: 56,
  inviteNotForYou: 57,
  inviteAlreadyMember: 58,
  inviteNoSeats: 59,
  inviterLostRights: 60,
  /** a password reset link that is unknown, used, expired or replaced by a newer one (error_data.reason) */
  passwordResetLinkUnusable: 66,
  /** a bound invitation, and an address not verified yet (error_data.verification_sent: where the link went) */
  inviteNeedsVerifiedAddress: 61,
  /** a verification link that did nothing: error_data.reason says why (EMAIL_LINK_REFUSALS) */
  emailLinkUnusable: 62,
  invalidAccessKey: 75,
  notMember: 92,
  alreadyExists: 801,
  /** 401: wrong email or password */
  invalidCredentials: 22,
  /** 401: the right password of an account with two-factor sign-in, without a code */
  secondFactorRequired: 23,
  /** 401: a two-factor code that is wrong, or was used already */
  secondFactorInvalid: 24,
  /** 401: a token that is no longer (or never was) valid */
  invalidToken: 30,
  /** 403: the caller may not do this */
  forbidden: 20,
  /** 403: a cookie-carried call from another site */
  crossSite: 21,
  /** 400: this server has no SMTP server configured, so it sends no mail (FOYER_SMTP_URL) */
  mailNotConfigured: 1101,
  /** 503: the SMTP server refused the mail or did not answer; nothing was changed */
  mailFailed: 1102,
  /** 403: the workspace requires two-factor sign-in, which the caller has not turned on */
  twoFactorRequiredByWorkspace: 25,
  /** 401: a key pair past its expiry (error_data.expired_at) */
  keyExpired: 26,
  /** 400: a sign-in with an OpenID Connect provider that did not go through (error_data.reason: SSO_REFUSALS) */
  ssoRefused: 1201,
  /** 400: a key pair's rotation that cannot be started, ended or rolled back now (error_data.reason: KEY_ROTATION_REFUSALS) */
  keyRotationRefused: 1301,
} as const;
