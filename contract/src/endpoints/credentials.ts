// The person's key pairs in the workspace the session is in (auth.*_credentials).
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { MAX_CREDENTIAL_LABEL_LENGTH } from '../credentials.ts';

const accessKeyField = z.string().min(1).max(100);
const labelField = z.string().trim().max(MAX_CREDENTIAL_LABEL_LENGTH, { message: `must be at most ${MAX_CREDENTIAL_LABEL_LENGTH} characters` });

export const credentialEndpoints = {
  'auth.create_credentials': endpoint(
    'Creates a key pair for the caller in the current workspace; the secret key is in this answer only.',
    z.strictObject({ label: labelField.optional().describe('what the key is for, such as "laptop" or "CI"') }),
  ),
  'auth.get_credentials': endpoint("The caller's key pairs in the current workspace, with when and from where each was last used (never a secret).", z.strictObject({})),
  'auth.edit_credentials': endpoint("Changes a key pair's label; an empty label removes it.", z.strictObject({ access_key: accessKeyField, label: labelField.optional() })),
  'auth.revoke_credentials': endpoint('Revokes a key pair and ends every session it opened.', z.strictObject({ access_key: accessKeyField })),
};
