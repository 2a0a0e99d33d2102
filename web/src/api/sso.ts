import type { LinkedIdentity, SsoSignInResult } from '@foyer/contract';
import { callApi } from './client';

/** Hands the provider's answer (the callback page's query string) to the server, which uses this browser's flow up. */
export function finishSsoSignIn(provider: string, callback: string): Promise<SsoSignInResult> {
  return callApi('auth.oidc_sign_in', { provider, callback });
}

/** The step left: the password of the account to link (with its code where it has one), or the code alone. */
export function continueSsoSignIn(stepToken: string, answer: { password?: string; otp?: string }): Promise<SsoSignInResult> {
  return callApi('auth.oidc_continue', { step_token: stepToken, ...answer });
}

export async function getLinkedIdentities(): Promise<LinkedIdentity[]> {
  return (await callApi('users.get_linked_identities')).identities;
}
