// The one place for ClearML result codes. HTTP status = result_code; messages are for people. The subcodes a
// client acts on are named in the contract (SUBCODES), which the web app reads too.
import { OTP_HEADER, SUBCODES, type EmailLinkRefusal, type SsoRefusal, type InviteRefusal as LinkRefusal, type KeyRotationRefusal } from '@foyer/contract';

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly subcode: number,
    message: string,
    readonly data: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Why a link cannot be used, as errors.inviteRefused says it (inviter_lost_rights has its own error). */
export type InviteRefusal = Exclude<LinkRefusal, 'inviter_lost_rights' | 'unverified'>;

const INVITE_SUBCODES: Record<InviteRefusal, number> = {
  not_found: SUBCODES.inviteUnusable,
  revoked: SUBCODES.inviteUnusable,
  used_up: SUBCODES.inviteUnusable,
  expired: SUBCODES.inviteExpired,
  not_for_you: SUBCODES.inviteNotForYou,
  already_member: SUBCODES.inviteAlreadyMember,
  no_seats: SUBCODES.inviteNoSeats,
};

export const errors = {
  badRequest: (message: string, data?: Record<string, unknown>) => new ApiError(400, 0, message, data),
  invalidVersion: (version: string) => new ApiError(400, 2, `Invalid API version "${version}" in the request path`),
  validation: (message: string, data?: Record<string, unknown>) => new ApiError(400, 12, message, data),
  fieldsValue: (message: string) => new ApiError(400, 16, message),
  credentialsLimit: (max: number) =>
    new ApiError(400, SUBCODES.credentialsLimit, `You have reached the maximum of ${max} credentials in this workspace. Revoke one you no longer use first.`, { max_credentials: max }),
  invalidAccessKey: (message = 'No such credentials among yours') => new ApiError(400, 75, message),
  /** A rotation that could not be started, ended or rolled back; error_data.reason says why. */
  keyRotationRefused: (reason: KeyRotationRefusal, message: string, data: Record<string, unknown> = {}) =>
    new ApiError(400, SUBCODES.keyRotationRefused, message, { reason, ...data }),
  /** An invitation that cannot be used; error_data.reason says why (the invitation page shows it). */
  inviteRefused: (reason: InviteRefusal, message: string, data: Record<string, unknown> = {}) =>
    new ApiError(400, INVITE_SUBCODES[reason], message, { reason, ...data }),
  /** A field of the request refused by a handler's own check, in the shape of the schema's refusals (endpoint.ts). */
  invalidField: (field: string, message: string) => new ApiError(400, 12, `Validation error: field "${field}": ${message}`, { field }),
  /** An invitation whose creator can no longer invite, or no longer grant its role (error_data.reason says so). */
  inviterLostRights: (message: string, data: Record<string, unknown> = {}) => new ApiError(400, SUBCODES.inviterLostRights, message, { reason: 'inviter_lost_rights', ...data }),
  /**
   * A bound invitation and an address nobody verified yet; error_data.verification_sent names where a link went (the
   * person joins by following it), mail_available says whether this server can send one at all.
   */
  inviteNeedsVerifiedAddress: (message: string, data: { verification_sent: string | null; mail_available: boolean }) =>
    new ApiError(400, SUBCODES.inviteNeedsVerifiedAddress, message, { reason: 'unverified', ...data }),
  /** A verification link that did nothing; error_data.reason says why. */
  emailLinkRefused: (reason: EmailLinkRefusal, message: string) => new ApiError(400, SUBCODES.emailLinkUnusable, message, { reason }),
  /** A mail asked for again too soon after the last one: nothing was sent. */
  tooSoon: (retryAfterSec: number, message: string) => new ApiError(429, 0, message, { retry_after_sec: retryAfterSec }, { 'retry-after': String(retryAfterSec) }),
  /** A per-workspace cap (FOYER_MAX_…) reached; error_data names the cap and its value. */
  limitReached: (setting: string, max: number, message: string) => new ApiError(400, 0, message, { limit: setting, max }),
  notMember: (workspace: string) => new ApiError(400, 92, `You are not a member of workspace ${workspace}`, { tenant: workspace }),
  invalidUser: (message = 'Invalid user') => new ApiError(400, 300, message),
  invalidUserId: (message = 'Invalid user id') => new ApiError(400, 301, message),
  preferencesUpdate: (message: string) => new ApiError(400, 305, message),
  alreadyExists: (message: string) => new ApiError(400, SUBCODES.alreadyExists, message),
  notAuthorized: (message = 'Not authorized') => new ApiError(401, 1, message),
  badAuthType: () => new ApiError(401, 10, 'Unauthorized (unsupported authorization scheme; use Basic or Bearer)'),
  noCredentials: () => new ApiError(401, 20, 'Unauthorized (missing credentials)'),
  badCredentialsEncoding: () => new ApiError(401, 21, 'Unauthorized (malformed Basic authorization header)'),
  invalidCredentials: (detail?: string) => new ApiError(401, 22, detail ? `Unauthorized (invalid credentials) (${detail})` : 'Unauthorized (invalid credentials)'),
  secondFactorRequired: () =>
    new ApiError(
      401,
      SUBCODES.secondFactorRequired,
      `Unauthorized (this account signs in with two-factor: send the code from the authenticator app, or a recovery code, as "otp" in the body or in the ${OTP_HEADER} header)`,
      { reason: 'second_factor_required' },
    ),
  secondFactorInvalid: () => new ApiError(401, SUBCODES.secondFactorInvalid, 'Unauthorized (wrong two-factor code, or one used already: wait for the next code)', { reason: 'second_factor_invalid' }),
  /** The right password of an account that belongs to no workspace (removed from its last one, or left it). */
  noWorkspace: () => new ApiError(401, 22, 'Unauthorized (invalid credentials) (this account belongs to no workspace)', { reason: 'no_workspace' }),
  invalidToken: (detail?: string) => new ApiError(401, 30, detail ? `Invalid token (${detail})` : 'Invalid token'),
  sessionEnded: (reason: string, detail: string) => new ApiError(401, 30, `Invalid token (${detail})`, { session_ended: reason }),
  /** The one authorization refusal (policies/): error_data.action names what was refused, .reason says why. */
  refused: (action: string, reason: string) => new ApiError(403, 20, reason, { action, reason }),
  /**
   * A key pair (or a token one opened) asked for another workspace than its own: refused as ClearML's "not in this
   * workspace" (400/92, error_data.tenant), which its clients know.
   */
  refusedInWorkspace: (action: string, reason: string, tenant: string) => new ApiError(400, 92, reason, { action, reason, tenant }),
  /** A key pair past its expiry: refused as credentials are, with when it expired and what to do. */
  keyExpired: (expiredAt: string) =>
    new ApiError(401, SUBCODES.keyExpired, `Unauthorized (this key pair expired on ${expiredAt}: create a new one on the Profile page and revoke this one)`, {
      reason: 'key_expired',
      expired_at: expiredAt,
    }),
  /**
   * A member without two-factor sign-in in a workspace that requires it: everything but their own account is refused
   * until they turn it on (policies/workspace.ts, workspace.use).
   */
  twoFactorRequiredByWorkspace: (reason: string, workspace: string) =>
    new ApiError(403, SUBCODES.twoFactorRequiredByWorkspace, reason, { action: 'workspace.use', reason, workspace, two_factor_required: true }),
  crossSite: () =>
    new ApiError(
      403,
      21,
      "Refused: a call carried by your session cookie may change something, or return a token or a secret, only from Foyer's own pages. Scripts and other servers sign in with a key pair or a token instead.",
    ),
  /** A page of another origin tried to sign the browser in, or to create an account and sign it in. */
  crossSiteSignIn: () => new ApiError(403, 21, "Refused: signing in, or creating an account, from this page works only from Foyer's own pages."),
  methodNotAllowed: (method: string) => new ApiError(405, 0, `${method.slice(0, 10)} is not supported; call the API with GET, POST or PUT`),
  notFound: (message: string) => new ApiError(404, 0, message),
  /** Another call changed the same thing at the same time; this one changed nothing. */
  conflict: (message: string) => new ApiError(409, 0, message),
  payloadTooLarge: (limit: number) => new ApiError(413, 0, `Request body is larger than the limit of ${limit} bytes`),
  unsupportedEncoding: () => new ApiError(415, 0, 'Compressed request bodies (Content-Encoding) are not supported'),
  throttled: (retryAfterSec: number) =>
    new ApiError(429, 0, `Too many failed sign-in attempts. Try again in ${formatWait(retryAfterSec)}.`, { retry_after_sec: retryAfterSec }, {
      'retry-after': String(retryAfterSec),
    }),
  /** A mail feature on a server without FOYER_SMTP_URL. */
  mailNotConfigured: () =>
    new ApiError(400, SUBCODES.mailNotConfigured, 'This server cannot send mail (no SMTP server is configured). Ask an administrator.', { reason: 'mail_not_configured' }),
  /** The SMTP server refused the mail or did not answer: what the mail was for was taken back. */
  mailFailed: () =>
    new ApiError(503, SUBCODES.mailFailed, 'The mail could not be sent: the mail server refused it or did not answer. Nothing was changed; try again later.', { reason: 'mail_failed' }),
  /** Too many requests for a reset link for one address, or from one IP. */
  leakReportsThrottled: (retryAfterSec: number) =>
    new ApiError(429, 0, `Too many reports of this secret or from your network. Try again in ${formatWait(retryAfterSec)}.`, { retry_after_sec: retryAfterSec }, {
      'retry-after': String(retryAfterSec),
    }),
  resetThrottled: (retryAfterSec: number) =>
    new ApiError(429, 0, `Too many requests for a reset link for this address or from your network. Try again in ${formatWait(retryAfterSec)}.`, { retry_after_sec: retryAfterSec }, {
      'retry-after': String(retryAfterSec),
    }),
  /** A sign-in with an OpenID Connect provider that did not go through; error_data.reason says why (SSO_REFUSALS). */
  ssoRefused: (reason: SsoRefusal, message: string, data: Record<string, unknown> = {}) => new ApiError(400, SUBCODES.ssoRefused, message, { reason, ...data }),
  /** A password reset link that cannot be used; error_data.reason says why (PASSWORD_RESET_REFUSALS). */
  resetLinkRefused: (reason: string, message: string) => new ApiError(400, SUBCODES.passwordResetLinkUnusable, message, { reason }),
  internal: () => new ApiError(500, 0, 'Internal server error'),
};

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
