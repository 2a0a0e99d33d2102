// Signing in with an OpenID Connect provider (auth.oidc_*): what the callback page is told, and why a sign-in was refused.

/** A provider as login.supported_modes lists it in sso_providers (the ClearML field). */
export interface SsoProvider {
  id: string;
  /** "Sign in with <name>" */
  name: string;
  /** where the browser goes to begin: <FOYER_PUBLIC_WEB_URL>/auth/oidc/<id>/start */
  url: string;
}

/**
 * Why a sign-in with a provider did not go through (error_data.reason, subcode SUBCODES.ssoRefused); the page for each
 * says what happened and what to do.
 */
export const SSO_REFUSALS = [
  'unknown_provider',
  'flow_unknown',
  'flow_expired',
  'other_browser',
  'provider_refused',
  'token_invalid',
  'provider_unavailable',
  'email_missing',
  'email_unverified',
  'workspace_full',
  'no_access',
  'step_unknown',
] as const;
export type SsoRefusal = (typeof SSO_REFUSALS)[number];

/** The sign-in went through: the session cookie is set. */
export interface SsoSignedIn {
  outcome: 'signed_in';
  /** the account was made by this sign-in */
  created: boolean;
  workspace: { id: string; name: string };
}

/**
 * One more step before the session opens, for the token the answer carries (kept by the page, never in a URL):
 * link: an account with this address signs in with its password; second_factor: its two-factor code.
 */
export interface SsoNextStep {
  outcome: 'link_required' | 'second_factor_required';
  step_token: string;
  email: string;
  provider: { id: string; name: string };
}

export type SsoSignInResult = SsoSignedIn | SsoNextStep;

/** An identity at a provider linked to the caller's account, as the Profile page shows it. */
export interface LinkedIdentity {
  provider: { id: string; name: string };
  /** the address the provider gave at the last sign-in */
  email: string;
  linked_at: string;
  last_sign_in_at: string;
}

/** A workspace's sign-in rule, as its Workspaces section shows it. */
export interface WorkspaceSignInPolicy {
  require_sso: boolean;
  /** the server's providers ("Sign in with <name>") */
  providers: { id: string; name: string }[];
  /** the owners: their passwords still sign them in while single sign-on is required, to get in if the provider fails */
  break_glass: { id: string; name: string; email: string }[];
  /** FOYER_PASSWORD_SIGNIN=off: passwords sign in the server's administrators only, whatever the workspace says */
  server_password_sign_in: boolean;
  can: { change: boolean };
  why_not: { change?: string };
}

export interface OidcResults {
  'auth.oidc_sign_in': SsoSignInResult;
  'auth.oidc_continue': SsoSignInResult;
  'users.get_linked_identities': { identities: LinkedIdentity[] };
  'workspaces.get_sign_in_policy': WorkspaceSignInPolicy;
  'workspaces.set_sign_in_policy': { require_sso: boolean };
}
