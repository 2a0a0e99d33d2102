// GET /auth/oidc/<id>/start on the web port: where "Sign in with …" (and login.supported_modes' sso URLs) lead. It
// records the flow (state, nonce, PKCE verifier) on the server, binds it to this browser with an httpOnly cookie, and
// sends the browser to the provider. A provider that cannot be reached sends it to the page that says so.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { stringifySetCookie } from 'cookie';
import type { Services } from '../services.ts';
import { randomToken, sha256Hex } from '../shared/ids.ts';
import { failureOf } from './client.ts';
import { BROWSER_COOKIE, FLOW_LIFETIME_MS, STEP_LIFETIME_MS, browserValueOf } from './sign-in.ts';
import { deleteStaleFlows, insertFlow } from './store.ts';

function problemPage(reply: FastifyReply, reason: string, providerId?: string) {
  const query = new URLSearchParams({ reason, ...(providerId ? { provider: providerId } : {}) });
  return reply.redirect(`/sign-in/problem?${query}`, 303);
}

export function registerOidcWebRoutes(app: FastifyInstance, services: Services): void {
  app.get('/auth/oidc/:provider/start', async (request, reply) => {
    const { provider: providerId } = request.params as { provider: string };
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const provider = services.config.oidcProviders.find((candidate) => candidate.id === providerId);
    if (!provider) return problemPage(reply, 'unknown_provider');
    let start;
    try {
      start = await services.oidc.begin(provider);
    } catch (error) {
      services.log.warn({ provider: provider.id, err: (error as Error).message }, 'an OpenID Connect provider could not be reached');
      return problemPage(reply, failureOf(error).reason, provider.id);
    }
    // one value per browser, kept while flows are under way: two tabs signing in at once both finish
    const browser = browserValueOf(request.headers.cookie) ?? randomToken();
    const now = services.now();
    await deleteStaleFlows(services.db, now);
    await insertFlow(services.db, {
      token: start.state,
      stage: 'authorize',
      provider_id: provider.id,
      browser_hash: sha256Hex(browser),
      nonce: start.nonce,
      code_verifier: start.codeVerifier,
      user_id: null,
      claims: null,
      created_at: now,
      expires_at: now + FLOW_LIFETIME_MS,
    });
    const secure = request.protocol === 'https';
    reply.header(
      'set-cookie',
      stringifySetCookie({ name: BROWSER_COOKIE, value: browser, httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: Math.floor((FLOW_LIFETIME_MS + STEP_LIFETIME_MS + 5 * 60 * 1000) / 1000) }),
    );
    return reply.redirect(start.url, 303);
  });
}
