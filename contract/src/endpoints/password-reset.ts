// "Forgot password?" (auth.*): ask for a reset link by mail, look at one, and use it.
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { linkTokenField, passwordField, typedEmailField } from '../fields.ts';

export const passwordResetEndpoints = {
  'auth.request_password_reset': endpoint(
    'Mails a link that sets a new password (single use, 30 minutes; a newer link voids it) if an account uses the address; the answer is the same either way. Throttled per address and per IP; 400 on a server that sends no mail.',
    z.strictObject({ email: typedEmailField }),
  ),
  'auth.get_password_reset': endpoint(
    'Whether a reset link still works, and for which (partly hidden) address.',
    z.strictObject({ token: linkTokenField }),
  ),
  'auth.reset_password': endpoint(
    'Sets a new password with a reset link, once; ends every session of the account and signs in, unless the account signs in with two-factor (then sign in with the new password and a code).',
    z.strictObject({ token: linkTokenField, password: passwordField }),
  ),
};
