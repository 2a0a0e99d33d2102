// Which browser origins may act as the signed-in person. Pure rules over a request's headers.
//
// The session cookie goes with every request a browser sends to Foyer's host, also from a page on another port of
// that host (a files server serving uploaded HTML) or, for a parent-domain cookie, from a sibling subdomain. So a
// call carried by the cookie may change state, or return a token or a secret, only when the browser says it comes
// from one of Foyer's own origins; and only those origins get credentialed CORS, so no other page can read what a
// cookie-carried call returns. Origins are compared exactly: scheme, host and port.
import type { IncomingHttpHeaders } from 'node:http';

/** The serialization browsers send in Origin ("https://host[:port]", default port left out), or undefined. */
export function normalizeOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.origin;
}

/** The origins whose pages may use the cookie: the public web URL, the web port as served, and FOYER_CORS_ORIGINS. */
export function trustedOrigins(config: { publicWebUrl: string; listenWebUrl: string; corsOrigins: readonly string[] }): ReadonlySet<string> {
  const origins = new Set<string>();
  for (const url of [config.publicWebUrl, config.listenWebUrl, ...config.corsOrigins]) {
    const origin = normalizeOrigin(url);
    if (origin) origins.add(origin);
  }
  return origins;
}

/**
 * Whether a page of this origin may use the cookie: one of the trusted origins, or the origin the request itself was
 * sent to (Foyer's own web app calling /api on its own port, under whatever name it was opened).
 */
export function isTrustedOrigin(origin: string, trusted: ReadonlySet<string>, ownOrigin: () => string | undefined): boolean {
  const normalized = normalizeOrigin(origin);
  if (normalized === undefined) return false; // "null" (sandboxed frames, file pages) and anything malformed
  return trusted.has(normalized) || normalized === ownOrigin();
}

/**
 * Whether a cookie-carried call that changes state or hands out a token or secret may run. The browser's Origin
 * decides; without one, only Sec-Fetch-Site: same-origin. A request with neither header, or one the browser made to
 * open a page (a link, a form, a typed address), never acts with the cookie.
 */
export function mayActWithCookie(headers: IncomingHttpHeaders, trusted: ReadonlySet<string>, ownOrigin: () => string | undefined): boolean {
  if (headers['sec-fetch-mode'] === 'navigate') return false;
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== '') return isTrustedOrigin(origin, trusted, ownOrigin);
  return headers['sec-fetch-site'] === 'same-origin';
}

/**
 * Whether a call that opens a session for someone not signed in (sign-up, first-run setup, sign-in-and-join) may run.
 * A page of another origin must not sign the browser in as an account of its choosing (login CSRF, for instance a
 * form posting a JSON-looking text/plain body), so a browser request must come from one of Foyer's origins and not
 * be a navigation. The SDK, curl and other clients that are not browsers send neither Origin nor Sec-Fetch headers.
 */
export function mayOpenSession(headers: IncomingHttpHeaders, trusted: ReadonlySet<string>, ownOrigin: () => string | undefined): boolean {
  if (headers['sec-fetch-mode'] === 'navigate') return false;
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== '') return isTrustedOrigin(origin, trusted, ownOrigin);
  const site = headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin';
}
