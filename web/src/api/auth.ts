import { basicAuthorization, callApi } from './client';

/** Signs in with email and password; the server answers with the session cookie. */
export function signIn(email: string, password: string): Promise<{ token: string }> {
  return callApi('auth.login', {}, { headers: { Authorization: basicAuthorization(email, password) } });
}

/** auth.login's answer to the right password of an account that belongs to no workspace (error_data.reason). */
export const NO_WORKSPACE_REASON = 'no_workspace';

export interface JoinedWorkspace {
  workspace: { id: string; name: string };
  role: 'owner' | 'admin' | 'member';
  /** the account was already a member: it is signed in there, and the link kept its use */
  already_member: boolean;
}

/**
 * Signs in with email and password and accepts an invitation, in one call: the way back for an account that
 * belongs to no workspace. A refused invitation signs no one in.
 */
export function signInAndJoin(email: string, password: string, inviteToken: string): Promise<JoinedWorkspace> {
  return callApi('auth.sign_in_and_join', { email, password, invite_token: inviteToken });
}

export function signOut(): Promise<unknown> {
  return callApi('auth.logout');
}

export interface FirstAdministrator {
  token: string;
  email: string;
  password: string;
  name: string;
}

export interface NewAccount {
  name: string;
  email: string;
  password: string;
  /** joins through this invitation, in the same transaction as the account (a refused invitation creates nothing) */
  invite_token?: string;
}

/** Creates an account and signs it in; the server answers with the session cookie and the workspace it is in. */
export function signUp(account: NewAccount): Promise<{ user: string; workspace: { id: string; name: string } }> {
  return callApi('auth.sign_up', account);
}

/** Subcode of auth.sign_up when an account with that email exists. */
export const ACCOUNT_EXISTS_SUBCODE = 801;

/** Creates the first administrator from the one-time setup link and signs them in. */
export function setUpAdministrator(admin: FirstAdministrator): Promise<unknown> {
  return callApi('auth.setup_admin', admin);
}

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

/** Subcode of auth.create_credentials when the user already holds the maximum number of credentials. */
export const TOO_MANY_CREDENTIALS_SUBCODE = 50;

export function getCredentials(): Promise<CredentialList> {
  return callApi('auth.get_credentials');
}

export async function createCredentials(label: string): Promise<NewCredential> {
  const data = await callApi<{ credentials: NewCredential }>('auth.create_credentials', label ? { label } : {});
  return data.credentials;
}

export function editCredentialLabel(accessKey: string, label: string): Promise<{ updated: number }> {
  return callApi('auth.edit_credentials', { access_key: accessKey, label });
}

export function revokeCredentials(accessKey: string): Promise<{ revoked: number }> {
  return callApi('auth.revoke_credentials', { access_key: accessKey });
}
