// The signed-in person: their account, password and preferences (users.*).
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { passwordField, personNameField } from '../fields.ts';

/** The shortest password the server accepts. */

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
    "Changes the caller's password; every other session of theirs ends.",
    z.strictObject({ old_password: passwordField, new_password: passwordField }),
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
