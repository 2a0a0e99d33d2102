// The relying party, through openid-client: discovery (cached per provider on this node), the authorization request
// with PKCE, state and nonce, and the code exchange, which checks the ID token (issuer, audience, signature against
// the provider's JWKS, expiry, nonce) before anything of it is read.
import * as oidc from 'openid-client';
import type { SsoRefusal } from '@foyer/contract';
import type { OidcProviderSettings } from '../config.ts';

/** How long Foyer waits for a provider's answer. */
const PROVIDER_TIMEOUT_SEC = 10;
/** A provider that could not be reached is asked again after this long, not at every click. */
const RETRY_DISCOVERY_AFTER_MS = 5_000;

export class SsoFailure extends Error {
  constructor(
    readonly reason: SsoRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** Whether Foyer may talk plain HTTP to the issuer: only on this machine (FOYER_OIDC_PROVIDERS refuses it elsewhere). */
function isLocal(issuer: string): boolean {
  return new URL(issuer).protocol === 'http:';
}

/** Why a call to the provider failed, in the reasons the callback page knows. */
export function failureOf(error: unknown): SsoFailure {
  if (error instanceof SsoFailure) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    return new SsoFailure('provider_refused', `The provider did not sign you in (${error.error}${error.error_description ? `: ${error.error_description.slice(0, 200)}` : ''})`);
  }
  if (error instanceof oidc.ResponseBodyError) {
    if (error.status >= 500) return new SsoFailure('provider_unavailable', `The provider answered with an error (HTTP ${error.status})`);
    return new SsoFailure('provider_refused', `The provider refused the sign-in (${error.error})`);
  }
  if (error instanceof oidc.ClientError) {
    if (error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || error.code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
      return new SsoFailure('provider_unavailable', 'The provider did not answer as an OpenID provider does');
    }
    return new SsoFailure('token_invalid', `The provider's answer did not pass the checks (${error.message})`);
  }
  return new SsoFailure('provider_unavailable', 'The provider could not be reached');
}

export interface AuthorizationStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** One per Foyer instance (services.oidc): each provider's discovered configuration. */
export class OidcClients {
  private readonly configurations = new Map<string, Promise<oidc.Configuration>>();
  private readonly failedAt = new Map<string, number>();

  constructor(private readonly publicWebUrl: string) {}

  redirectUri(provider: Pick<OidcProviderSettings, 'id'>): string {
    return `${this.publicWebUrl}/auth/oidc/${provider.id}/callback`;
  }

  private configuration(provider: OidcProviderSettings): Promise<oidc.Configuration> {
    const cached = this.configurations.get(provider.id);
    const failedAt = this.failedAt.get(provider.id);
    if (cached && (failedAt === undefined || Date.now() - failedAt < RETRY_DISCOVERY_AFTER_MS)) return cached;
    const discovered = oidc
      .discovery(new URL(provider.issuer), provider.client_id, { redirect_uris: [this.redirectUri(provider)] }, oidc.ClientSecretBasic(provider.client_secret), {
        timeout: PROVIDER_TIMEOUT_SEC,
        ...(isLocal(provider.issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .then((configuration) => {
        configuration.timeout = PROVIDER_TIMEOUT_SEC;
        // the ID token's signature is checked against the provider's JWKS too, not only trusted for coming over TLS
        oidc.enableNonRepudiationChecks(configuration);
        this.failedAt.delete(provider.id);
        return configuration;
      });
    discovered.catch(() => this.failedAt.set(provider.id, Date.now()));
    this.configurations.set(provider.id, discovered);
    this.failedAt.delete(provider.id);
    return discovered;
  }

  /** The URL that sends the browser to the provider, with the values the callback checks. */
  async begin(provider: OidcProviderSettings): Promise<AuthorizationStart> {
    let configuration: oidc.Configuration;
    try {
      configuration = await this.configuration(provider);
    } catch (error) {
      throw failureOf(error);
    }
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri(provider),
      scope: provider.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /**
   * The code exchanged and the ID token checked; then the claims, with those the userinfo endpoint adds (the ID
   * token's own win where both have one). Throws SsoFailure.
   */
  async complete(provider: OidcProviderSettings, callbackQuery: string, checks: { state: string; nonce: string; codeVerifier: string }): Promise<Record<string, unknown>> {
    try {
      const configuration = await this.configuration(provider);
      const callbackUrl = new URL(this.redirectUri(provider));
      callbackUrl.search = callbackQuery;
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new SsoFailure('token_invalid', 'The provider sent no ID token');
      let userInfo: Record<string, unknown> = {};
      if (configuration.serverMetadata().userinfo_endpoint) {
        userInfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      }
      return { ...userInfo, ...idClaims };
    } catch (error) {
      throw failureOf(error);
    }
  }
}
