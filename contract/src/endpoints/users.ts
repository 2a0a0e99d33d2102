// The signed-in person: their account, password and preferences (users.*).
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { passwordField, personNameField } from '../fields.ts';

export const userEndpoints = {
  'users.get_current_user': endpoint('The caller: name, email, workspace and roles, as the ClearML clients read them.', z.strictObject({ get_supported_features: z.boolean().optional() })),
  'users.update': endpoint(
    "Changes the caller's own name (or, for a server administrator, anyone's).",
    z.strictObject({
      user: z.string().max(64),
      name: personNameField.optional(),
      given_name: z.string().trim().max(100).optional(),
      family_name: z.string().trim().max(100).optional(),
    }),
  ),
  'users.change_password': endpoint(
    "Changes the caller's password; every other session of theirs ends, unless end_other_sessions is false.",
    z.strictObject({ old_password: passwordField, new_password: passwordField, end_other_sessions: z.boolean().optional() }),
  ),
  'users.get_sessions': endpoint(
    "The caller's active sessions in every workspace, those their key pairs opened included: client, address, when opened and last used; the most recently used first.",
    z.strictObject({}),
  ),
  'users.revoke_session': endpoint(
    'Ends one of the caller\'s sessions (this one included: it is then signed out); its token stops working on every node at once.',
    z.strictObject({ session: z.string().min(1).max(200) }),
  ),
  'users.revoke_other_sessions': endpoint(
    'Ends every session of the caller opened with the password, in every workspace, except the one making this call. Sessions opened by key pairs are left: they end with their key pair, or one by one.',
    z.strictObject({}),
  ),
  'users.get_preferences': endpoint("The caller's preferences, as one JSON object.", z.strictObject({})),
  'users.set_preferences': endpoint(
    'Sets preferences by dotted path ("foyer.theme": "dark"): each value replaces what is at its path.',
    z.strictObject({ preferences: z.record(z.string().max(200), z.unknown()), return_updated: z.boolean().optional() }),
  ),
  'users.get_all': endpoint(
    "The members of the caller's current workspace, as the ClearML web app's user filters list them.",
    z.strictObject({
      name: z.string().max(200).optional(),
      id: z.array(z.string().max(64)).max(1000).optional(),
      only_fields: z.array(z.string().max(64)).max(50).optional(),
      page: z.number().int().min(0).optional(),
      page_size: z.number().int().min(1).max(1000).optional(),
      order_by: z.array(z.string().max(64)).max(5).optional(),
    }),
  ),
};
