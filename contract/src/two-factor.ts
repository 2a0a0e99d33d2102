// Two-factor sign-in (TOTP, RFC 6238): an authenticator app's six-digit code after the password, or one of ten
// recovery codes. Key pairs never need it, so the SDK and agents keep working.

/** Recovery codes made at a time; each works once. */
export const RECOVERY_CODE_COUNT = 10;

/** The header a password sign-in may carry the code in (auth.login also takes it as `otp` in the body). */
export const OTP_HEADER = 'X-Foyer-OTP';

export interface TwoFactorStatus {
  enabled: boolean;
  /** when it was turned on */
  enabled_at: string | null;
  /** unused recovery codes */
  recovery_codes_left: number;
}

export interface TwoFactorEnrolment {
  /** the secret in base32, for typing into an app that cannot scan */
  secret: string;
  /** the otpauth:// URI the QR code holds */
  otpauth_uri: string;
  /** the QR code, as an SVG data URL */
  qr_code: string;
}

export interface TwoFactorResults {
  'users.get_two_factor': TwoFactorStatus;
  'users.begin_two_factor': TwoFactorEnrolment;
  'users.enable_two_factor': { recovery_codes: string[] };
  'users.disable_two_factor': { disabled: number };
  'users.renew_recovery_codes': { recovery_codes: string[] };
}
