// HS256 JWTs with the claims the ClearML clients read. The signing key is derived from the master key.
//
// Two libraries, each for what it does best here. jws signs: every key login signs a token, and fast-jwt's signer
// does more per token (it builds and encodes the header anew each time, and base64url-encodes through a replace
// callback per character it changes). fast-jwt verifies: it checks the algorithm, the signature and the required
// claims in one call, and a verified token is remembered below, so that is paid once per token.
import { hkdfSync } from 'node:crypto';
import { createVerifier } from 'fast-jwt';
import jws from 'jws';
import { API_VERSION, SERVER_VERSION } from '../shared/version.ts';

export interface TokenClaims {
  auth_type: 'Bearer';
  identity: { user: string; company: string; role: string; user_name: string; company_name: string };
  session_id: string;
  env: string;
  iat: number;
  exp: number;
  api_version: string;
  server_version: string;
  server_build: string;
  feature_set: 'basic';
}

export interface TokenIssuer {
  issue(input: { identity: TokenClaims['identity']; sessionId: string; issuedAtSec: number; expiresAtSec: number }): string;
  /** Returns the claims of a well-signed token that has not expired by `now` (ms), or undefined. */
  verify(token: string, now: number): TokenClaims | undefined;
}

const MAX_REMEMBERED_TOKENS = 10_000;

/** `build`: the server build the tokens name (config.build), as server.info does. */
export function createTokenIssuer(masterKey: Buffer, build: string): TokenIssuer {
  const key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'foyer/token-signing/v1', 32));
  const header = { alg: 'HS256', typ: 'JWT' } as const;
  // expiry is checked here, against the caller's clock (services.now), not by fast-jwt against its own
  const verify = createVerifier({ key, algorithms: ['HS256'], requiredClaims: ['exp', 'iat', 'session_id'], ignoreExpiration: true });
  // Tokens already verified, by their exact text, until they expire: the SDK sends the same token with every call.
  // (fast-jwt's own cache hashes every token first, which costs more than this lookup saves.)
  const verified = new Map<string, TokenClaims>();
  return {
    issue({ identity, sessionId, issuedAtSec, expiresAtSec }) {
      const claims: TokenClaims = {
        auth_type: 'Bearer',
        identity,
        session_id: sessionId,
        env: 'foyer',
        iat: issuedAtSec,
        exp: expiresAtSec,
        api_version: API_VERSION,
        server_version: SERVER_VERSION,
        server_build: build,
        feature_set: 'basic',
      };
      return jws.sign({ header, payload: claims, secret: key });
    },
    verify(token, now) {
      const known = verified.get(token);
      if (known) {
        if (known.exp * 1000 > now) return known;
        verified.delete(token);
        return undefined;
      }
      let claims: TokenClaims;
      try {
        claims = verify(token) as TokenClaims;
      } catch {
        return undefined;
      }
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return undefined;
      if (typeof claims.session_id !== 'string' || typeof claims.identity?.user !== 'string' || typeof claims.identity.company !== 'string') return undefined;
      if (verified.size >= MAX_REMEMBERED_TOKENS) verified.clear();
      verified.set(token, claims);
      return claims;
    },
  };
}
