import type { LinkedIdentity, SsoSignInResult, WorkspaceSignInPolicy } from '@foyer/contract';
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

export function getSignInPolicy(workspace: string): Promise<WorkspaceSignInPolicy> {
  return callApi('workspaces.get_sign_in_policy', { workspace });
}

export function setSignInPolicy(workspace: string, requireSso: boolean): Promise<{ require_sso: boolean }> {
  return callApi('workspaces.set_sign_in_policy', { workspace, require_sso: requireSso });
}
