// The person's key pairs in the workspace the session is in (auth.*_credentials).

export const MAX_CREDENTIAL_LABEL_LENGTH = 100;

/** A key pair as people see it: never the secret. */
export interface Credential {
  access_key: string;
  label?: string | null;
  created: string;
  last_used?: string | null;
  last_used_from?: string | null;
  last_used_client?: string | null;
}

export interface CredentialList {
  credentials: Credential[];
  max_credentials: number;
}

export interface NewCredential {
  access_key: string;
  secret_key: string;
  label?: string | null;
}

export interface CredentialResults {
  'auth.create_credentials': { credentials: NewCredential };
  'auth.get_credentials': CredentialList;
  'auth.edit_credentials': { updated: number };
  'auth.revoke_credentials': { revoked: number };
}
