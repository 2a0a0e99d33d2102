import { OTP_HEADER, SUBCODES, type JoinedWorkspace, type NewCredential, type ParamsOf, type SignedUp } from '@foyer/contract';
import { basicAuthorization, callApi, isApiError } from './client';

/** Signs in with email and password (and the two-factor code, when the account has it); the server answers with the session cookie. */
export function signIn(email: string, password: string, otp?: string): Promise<{ token: string }> {
  return callApi('auth.login', {}, { headers: { Authorization: basicAuthorization(email, password), ...(otp ? { [OTP_HEADER]: otp } : {}) } });
}

/** A password sign-in refused only for want of the two-factor code: the page asks for it next. */
export function needsSecondFactor(error: unknown): boolean {
  return isApiError(error, 401, SUBCODES.secondFactorRequired);
}

/**
 * Signs in with email and password and accepts an invitation, in one call: the way back for an account that
 * belongs to no workspace. A refused invitation signs no one in.
 */
export function signInAndJoin(email: string, password: string, inviteToken: string, otp?: string): Promise<JoinedWorkspace> {
  return callApi('auth.sign_in_and_join', { email, password, invite_token: inviteToken, ...(otp ? { otp } : {}) });
}

/** Subcode of auth.sign_up when an account with that email exists. */
export const ACCOUNT_EXISTS_SUBCODE = SUBCODES.alreadyExists;

/** Subcode of auth.create_credentials when the user already holds the maximum number of credentials. */
export const TOO_MANY_CREDENTIALS_SUBCODE = SUBCODES.credentialsLimit;

export function signOut(): Promise<unknown> {
  return callApi('auth.logout');
}

export type FirstAdministrator = ParamsOf<'auth.setup_admin'>;

/** A new account; with invite_token it joins through that invitation, in the same transaction (a refused one creates nothing). */
export type NewAccount = ParamsOf<'auth.sign_up'>;

/** Creates an account and signs it in; the server answers with the session cookie and the workspace it is in. */
export function signUp(account: NewAccount): Promise<SignedUp> {
  return callApi('auth.sign_up', account);
}

/** Creates the first administrator from the one-time setup link and signs them in. */
export function setUpAdministrator(admin: FirstAdministrator): Promise<unknown> {
  return callApi('auth.setup_admin', admin);
}

export function getCredentials() {
  return callApi('auth.get_credentials');
}

/** expiresAt: an ISO 8601 time, or null for never. */
export async function createCredentials({ label, expiresAt }: { label: string; expiresAt: string | null }): Promise<NewCredential> {
  const data = await callApi('auth.create_credentials', { ...(label ? { label } : {}), expires_at: expiresAt });
  return data.credentials;
}

export function editCredentialLabel(accessKey: string, label: string): Promise<{ updated: number }> {
  return callApi('auth.edit_credentials', { access_key: accessKey, label });
}

export function revokeCredentials(accessKey: string): Promise<{ revoked: number }> {
  return callApi('auth.revoke_credentials', { access_key: accessKey });
}

/** A new secret for the key pair; the old one works for overlapSec more seconds (0: it stops at once). */
export async function rotateCredentials({ accessKey, overlapSec }: { accessKey: string; overlapSec: number }) {
  const data = await callApi('auth.rotate_credentials', { access_key: accessKey, overlap_sec: overlapSec });
  return data.credentials;
}

export function endCredentialsRotation(accessKey: string): Promise<{ ended: number }> {
  return callApi('auth.end_credentials_rotation', { access_key: accessKey });
}

export function rollBackCredentialsRotation(accessKey: string): Promise<{ rolled_back: number }> {
  return callApi('auth.roll_back_credentials_rotation', { access_key: accessKey });
}
