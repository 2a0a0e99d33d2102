// The person's key pairs in the workspace the session is in (auth.*_credentials).
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { DEFAULT_ROTATION_OVERLAP_SEC, MAX_CREDENTIAL_LABEL_LENGTH, MAX_ROTATION_OVERLAP_SEC } from '../credentials.ts';

const accessKeyField = z.string().min(1).max(100);

/** "2027-02-31" parses (as 3 March) but names no day: the day must exist in its month. */
function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}
const labelField = z.string().trim().max(MAX_CREDENTIAL_LABEL_LENGTH, { message: `must be at most ${MAX_CREDENTIAL_LABEL_LENGTH} characters` });

export const credentialEndpoints = {
  'auth.create_credentials': endpoint(
    'Creates a key pair for the caller in the current workspace, optionally with an expiry; the secret key is in this answer only.',
    z.strictObject({
      label: labelField.optional().describe('what the key is for, such as "laptop" or "CI"'),
      expires_at: z
        .string()
        .max(40)
        .refine((text) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) && !Number.isNaN(Date.parse(text)) && isCalendarDate(text.slice(0, 10)), {
          message: 'must be a date and time in ISO 8601, such as 2027-03-01T00:00:00Z',
        })
        .nullable()
        .optional()
        .describe("when it stops working (ISO 8601); null: never; absent: never, or the workspace's maximum lifetime where it has one"),
    }),
  ),
  'auth.get_credentials': endpoint("The caller's key pairs in the current workspace, with when and from where each was last used (never a secret).", z.strictObject({})),
  'auth.edit_credentials': endpoint("Changes a key pair's label; an empty label removes it.", z.strictObject({ access_key: accessKeyField, label: labelField.optional() })),
  'auth.report_leaked_secret': endpoint(
    'Reports a secret key found where it should not be (a public repository, a paste): the key pair it belongs to, if any, is revoked and its owner told. Anonymous and throttled; the answer is the same whether or not it was a real secret.',
    z.strictObject({ secret: z.string().min(1).max(500).describe('the secret key as found') }),
  ),
  'auth.revoke_credentials': endpoint('Revokes a key pair and ends every session it opened.', z.strictObject({ access_key: accessKeyField })),
  'auth.rotate_credentials': endpoint(
    'Gives a key pair a new secret (in this answer only) for the same access key; the old secret keeps opening sessions for the overlap, then stops working, and the sessions it opened end with it.',
    z.strictObject({
      access_key: accessKeyField,
      overlap_sec: z
        .number()
        .int({ message: 'must be a whole number of seconds' })
        .min(0, { message: 'must be 0 or more' })
        .max(MAX_ROTATION_OVERLAP_SEC, { message: `must be at most ${MAX_ROTATION_OVERLAP_SEC} seconds (30 days)` })
        .optional()
        .describe(`how long the old secret keeps working, in seconds: 0 ends it at once; absent: ${DEFAULT_ROTATION_OVERLAP_SEC} (7 days)`),
    }),
  ),
  'auth.end_credentials_rotation': endpoint(
    "Ends a rotation's overlap now: the old secret stops working and the sessions it opened end.",
    z.strictObject({ access_key: accessKeyField }),
  ),
  'auth.roll_back_credentials_rotation': endpoint(
    'Takes a rotation back while its overlap lasts: the old secret is the only one again, and the new secret and the sessions it opened stop working.',
    z.strictObject({ access_key: accessKeyField }),
  ),
};
