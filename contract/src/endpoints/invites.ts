// Invitation links (invites.*). A link is `<public web url>/invite/<token>`; the server keeps only a hash of the
// token, so the URL is shown once, when the link is created.
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { emailField, idField, linkTokenField } from '../fields.ts';
import { MAX_INVITE_NOTE_LENGTH } from '../invites.ts';

/** The longest note the server keeps on a link. */
// A note for the team that sees the list ("for the data team"): one line, no control or direction characters
// (which could make it read as something else there).
const noteField = z
  .string()
  .trim()
  .max(MAX_INVITE_NOTE_LENGTH, { message: `must be at most ${MAX_INVITE_NOTE_LENGTH} characters` })
  .regex(/^[^\p{Cc}\u202A-\u202E\u2066-\u2069]*$/u, { message: 'must be one line of text, without control characters' })
  .transform((note) => (note === '' ? null : note));
const domainField = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, { message: 'must be a domain name such as example.com' });

export const inviteEndpoints = {
  'invites.create': endpoint(
    'Creates an invitation link to a workspace; the URL is in this answer only.',
    z.strictObject({
      workspace: idField,
      role: z.enum(['admin', 'member']).optional(),
      expires_in_days: z.number().int().min(1, { message: 'must be at least 1 day' }).max(30, { message: 'must be at most 30 days' }).optional(),
      max_uses: z.number().int().min(1).max(1000).optional(),
      email: emailField.optional().describe('the only address the link admits (it then admits one person)'),
      email_domains: z.array(domainField).max(20).optional().describe('the domains whose addresses it admits'),
      note: noteField.optional(),
      accept_unverified: z
        .boolean()
        .optional()
        .describe('a bound link admits an address nobody verified (only on a server that sends no mail, where addresses cannot be verified)'),
    }),
  ),
  'invites.get_all': endpoint("A workspace's invitation links: all of them for its admins, their own for other inviters.", z.strictObject({ workspace: idField })),
  'invites.revoke': endpoint('Revokes an invitation link (its inviter, or the workspace admins).', z.strictObject({ id: z.string().min(1).max(64) })),
  'invites.get_info': endpoint('What a link tells anyone who holds it, without signing in.', z.strictObject({ token: linkTokenField })),
  'invites.accept': endpoint('The caller joins the workspace of the link.', z.strictObject({ token: linkTokenField })),
};

/** What invites.create takes besides the workspace. */
export type InviteOptions = Omit<z.input<(typeof inviteEndpoints)['invites.create']['params']>, 'workspace'>;
