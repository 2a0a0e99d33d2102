// Turning two-factor sign-in on and off, and renewing the recovery codes: each asks for the password again (and,
// once it is on, a code), so a session left open cannot lock its owner out or switch the protection off.
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { passwordField } from '../fields.ts';

/** A six-digit code from the app, or a recovery code (spaces and dashes ignored). */
const codeField = z.string().min(1).max(64);

export const twoFactorEndpoints = {
  'users.get_two_factor': endpoint("Whether the caller's account has two-factor sign-in, since when, and how many recovery codes are left.", z.strictObject({})),
  'users.begin_two_factor': endpoint(
    'Starts turning on two-factor sign-in: checks the password and answers a new secret, as text, an otpauth:// URI and a QR code. Nothing is required at sign-in until users.enable_two_factor confirms a code.',
    z.strictObject({ password: passwordField }),
  ),
  'users.enable_two_factor': endpoint(
    'Turns two-factor sign-in on with a code from the app for the secret users.begin_two_factor gave, and answers ten recovery codes, shown this once.',
    z.strictObject({ code: codeField }),
  ),
  'users.disable_two_factor': endpoint('Turns two-factor sign-in off: needs the password and a code from the app (or a recovery code).', z.strictObject({ password: passwordField, code: codeField })),
  'users.renew_recovery_codes': endpoint(
    'Replaces the recovery codes with ten new ones (the old ones stop working): needs the password and a code from the app.',
    z.strictObject({ password: passwordField, code: codeField }),
  ),
};
