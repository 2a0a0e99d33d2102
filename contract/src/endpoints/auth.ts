// Signing in and out, first setup, and new accounts (auth.*, login.*).
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { linkTokenField, passwordField, personNameField, typedEmailField } from '../fields.ts';

const logout = endpoint('Ends the session that makes the call and clears the session cookie.', z.strictObject({ redirect_url: z.string().max(2000).optional() }));

export const authEndpoints = {
  'auth.login': endpoint(
    'Opens a session and returns its token: by email and password, or by an access key and secret key (HTTP Basic), or from a token (Bearer). X-Clearml-Tenant asks for another workspace of the person.',
    z.strictObject({
      expiration_sec: z.number().int().optional().describe('how long the token lives, in seconds (at most the server limit)'),
      otp: z.string().max(64).optional().describe('a password sign-in to an account with two-factor sign-in: the code from the app, or a recovery code (or send it in X-Foyer-OTP)'),
    }),
  ),
  'auth.logout': logout,
  'login.logout': logout,
  'login.supported_modes': endpoint('How this server signs people in, whether the caller is signed in, and whether accounts may be created.', z.strictObject({})),
  'auth.setup_admin': endpoint(
    'Creates the first administrator from the one-time setup link the server printed, and signs them in.',
    z.strictObject({ token: linkTokenField, email: typedEmailField, password: passwordField, name: personNameField }),
  ),
  'auth.sign_up': endpoint(
    'Creates an account and signs it in: through an invitation link, or, where the server allows it, open sign-up.',
    z.strictObject({ email: typedEmailField, password: passwordField, name: personNameField, invite_token: linkTokenField.optional() }),
  ),
  'auth.sign_in_and_join': endpoint(
    'Signs in with email and password and accepts an invitation in one step; a refused invitation signs no one in.',
    z.strictObject({ email: typedEmailField, password: passwordField, invite_token: linkTokenField, otp: z.string().max(64).optional() }),
  ),
};
