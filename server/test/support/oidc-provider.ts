// A real OpenID provider for the tests: the certified `oidc-provider` package, with test clients and accounts, a
// sign-in page of its own (a form that names the account), consent taken as given for the test clients, and PKCE
// required. It listens behind a small HTTP relay of the test's, which is the issuer: the relay can stop answering
// (the provider is down) or change one byte of the next ID token's signature on its way to Foyer.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import Provider, { type Configuration } from 'oidc-provider';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export interface TestProvider {
  issuer: string;
  /** change freely between sign-ins: the provider reads an account's claims when it issues tokens */
  accounts: Record<string, TestAccount>;
  /** true: the issuer answers 503 to everything */
  down: boolean;
  /** the next ID token the token endpoint sends goes out with one character of its signature changed */
  tamperNextIdToken(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** Starts the provider and its relay on free ports of 127.0.0.1. */
export async function startTestProvider(options: { clients: TestClient[]; accounts: Record<string, TestAccount> }): Promise<TestProvider> {
  const relay = createServer();
  const relayPort = await listen(relay);
  const issuer = `http://127.0.0.1:${relayPort}`;
  const accounts = options.accounts;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };

  const configuration: Configuration = {
    clients: options.clients.map((client) => ({ ...client, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' })),
    jwks: { keys: [jwk as never] },
    cookies: { keys: ['test-provider-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    pkce: { required: () => true, methods: ['S256'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    // consent is taken as given: the test clients are the provider's own
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session!.accountId!;
      const clientId = ctx.oidc.client!.clientId;
      const grantId = ctx.oidc.session!.grantIdFor(clientId);
      const grant = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (grant) return grant;
      const fresh = new ctx.oidc.provider.Grant({ accountId, clientId });
      fresh.addOIDCScope('openid email profile groups');
      await fresh.save();
      return fresh;
    },
  };
  const provider = new Provider(issuer, configuration);
  const handle = provider.callback();

  const backend = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const interaction = /^\/interaction\/([^/?]+)/.exec(req.url ?? '');
    if (!interaction) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'POST') {
        const login = new URLSearchParams(await readBody(req)).get('login') ?? '';
        if (!accounts[login]) {
          res.writeHead(400, { 'content-type': 'text/html' }).end('<p>No such account</p>');
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html lang="en"><head><title>Test provider</title></head><body><h1>Test provider</h1>` +
          `<p>Signing in to ${escapeHtml(String(details.params.client_id))}</p>` +
          `<form method="post" action="/interaction/${escapeHtml(details.uid)}"><label>Account <input name="login" autocomplete="username"></label>` +
          `<button type="submit">Sign in to the test provider</button></form></body></html>`,
      );
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(String((error as Error).message));
    }
  });
  const backendPort = await listen(backend);

  let tamper = false;
  const state: TestProvider = {
    issuer,
    accounts,
    down: false,
    tamperNextIdToken: () => {
      tamper = true;
    },
    async close() {
      relay.closeAllConnections();
      backend.closeAllConnections();
      await Promise.all([new Promise((r) => relay.close(r)), new Promise((r) => backend.close(r))]);
    },
  };

  relay.on('request', (req, res) => {
    if (state.down) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('down for the test');
      return;
    }
    const upstream = httpRequest({ host: '127.0.0.1', port: backendPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const isToken = (req.url ?? '').startsWith('/token');
      if (!isToken || !tamper) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      tamper = false;
      void readBody(answer).then((text) => {
        const body = JSON.parse(text) as { id_token?: string };
        if (body.id_token) {
          const [header, payload, signature] = body.id_token.split('.');
          const flipped = (signature![10] === 'A' ? 'B' : 'A') + '';
          body.id_token = `${header}.${payload}.${signature!.slice(0, 10)}${flipped}${signature!.slice(11)}`;
        }
        const out = JSON.stringify(body);
        const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(out)) };
        res.writeHead(answer.statusCode ?? 200, headers).end(out);
      });
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return state;
}

/**
 * A browser's walk through the provider, over HTTP: the authorization URL Foyer sent it to, the provider's sign-in
 * form for `account`, and back: the query string the provider sends to Foyer's callback.
 */
export async function walkProvider(authorizationUrl: string, account: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    const isInteraction = /\/interaction\/[^/]+$/.test(new URL(url).pathname);
    const response = await fetch(url, {
      method: isInteraction ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: cookieHeader(), ...(isInteraction ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(isInteraction ? { body: new URLSearchParams({ login: account }).toString() } : {}),
    });
    keep(response);
    const location = response.headers.get('location');
    if (!location) throw new Error(`The provider answered ${response.status} without a redirect at ${url}: ${(await response.text()).slice(0, 300)}`);
    const next = new URL(location, url);
    if (next.pathname.endsWith('/callback')) return next.search.slice(1);
    url = next.href;
  }
  throw new Error('The provider never sent the browser back');
}

/** The browser's cookie that binds a flow to it (oidc/sign-in.ts BROWSER_COOKIE). */
export const SSO_BROWSER_COOKIE = 'foyer_sso_browser';

/**
 * A browser begins a sign-in at Foyer's web port (GET /auth/oidc/<id>/start), goes through the provider as `account`,
 * and comes back: the cookie value Foyer set, and the callback's query string.
 */
export async function ssoCallback(webUrl: string, providerId: string, account: string): Promise<{ browser: string; callback: string }> {
  const start = await fetch(`${webUrl}/auth/oidc/${providerId}/start`, { redirect: 'manual' });
  const browser = new RegExp(`${SSO_BROWSER_COOKIE}=([^;]+)`).exec(start.headers.get('set-cookie') ?? '')?.[1];
  const location = start.headers.get('location');
  if (start.status !== 303 || !browser || !location) throw new Error(`The start answered ${start.status} (${location})`);
  return { browser, callback: await walkProvider(location, account) };
}
