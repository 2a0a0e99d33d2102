// Signing in with an OpenID Connect provider (auth.oidc_*), and the identities linked to an account.
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { idField, passwordField } from '../fields.ts';

export const oidcEndpoints = {
  'auth.oidc_sign_in': endpoint(
    "Finishes a sign-in with an OpenID Connect provider: the callback page sends the provider's answer (the query string it was opened with), and the flow this browser began is used up. Opens a session, or names the one step left.",
    z.strictObject({
      provider: z.string().min(1).max(40),
      callback: z.string().max(8000).describe('the query string of the callback URL, as the provider sent it'),
    }),
  ),
  'auth.oidc_continue': endpoint(
    'The step left after auth.oidc_sign_in: the password of the account with that address, to link it (and its two-factor code where it has one), or the two-factor code alone.',
    z.strictObject({
      step_token: z.string().min(1).max(200),
      password: passwordField.optional(),
      otp: z.string().max(64).optional(),
    }),
  ),
  'workspaces.get_sign_in_policy': endpoint(
    "Whether the workspace requires single sign-on of its members, the server's providers, and the owners who keep their password (break-glass).",
    z.strictObject({ workspace: idField }),
  ),
  'workspaces.set_sign_in_policy': endpoint(
    "Owners: require single sign-on of the workspace's members (their passwords no longer sign them in; owners keep theirs; key pairs keep working), or lift it.",
    z.strictObject({ workspace: idField, require_sso: z.boolean() }),
  ),
  'users.get_linked_identities': endpoint("The identities at this server's OpenID Connect providers that sign the caller in.", z.strictObject({})),
};
