// Assembles Foyer: the services, the API server (API port) and the web server (SPA + the same API under /api).
import { KeySignInLog } from './audit/key-sign-ins.ts';
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Config } from './config.ts';
import { migrateToLatest, openDatabase } from './db/database.ts';
import { createTokenIssuer } from './auth/tokens.ts';
import { LastUsedRecorder } from './credentials/last-used.ts';
import { SignInCache } from './auth/sign-in-cache.ts';
import { SessionWriter } from './auth/sessions.ts';
import { SignerCache } from './storage-access/signer-cache.ts';
import { RegionFinder } from './storage-access/region.ts';
import { answerClientError, answerFrameworkError, registerApiRoutes } from './http/api-routes.ts';
import { capConnections, timeoutOptions } from './http/connections.ts';
import type { Endpoint } from './http/endpoint.ts';
import { allEndpoints } from './endpoints.ts';
import type { Logger, Services } from './services.ts';
import { createMailer } from './mail/mailer.ts';
import { OidcClients } from './oidc/client.ts';
import { registerOidcWebRoutes } from './oidc/web-routes.ts';

export interface Foyer {
  services: Services;
  api: FastifyInstance;
  web: FastifyInstance;
  close(): Promise<void>;
}

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Which X-Forwarded-For hops to believe. A number trusts that many proxies in front, counted from the socket's
 * peer, so the client address is the right-most hop they did not add (never the left-most, which a client writes).
 */
function proxyTrust(setting: Config['trustProxy']): FastifyServerOptions['trustProxy'] {
  if (typeof setting !== 'number') return setting;
  return (_address: string, hop: number) => hop < setting;
}

function fastifyOptions(config: Config, logger: boolean): FastifyServerOptions {
  return {
    trustProxy: proxyTrust(config.trustProxy),
    bodyLimit: config.bodyLimitBytes,
    ...timeoutOptions(config.connections),
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    logger: logger
      ? {
          level: config.logLevel,
          // the path only: a query string could carry something a client should not have put there
          serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }) },
        }
      : false,
  };
}

async function buildApiServer(config: Config, services: Services, endpoints: ReadonlyMap<string, Endpoint>, logger: boolean): Promise<FastifyInstance> {
  const app = Fastify(fastifyOptions(config, logger));
  capConnections(app.server, config.connections);
  app.addHttpMethod('GET', { hasBody: true, overrideExisting: true }); // ClearML clients send JSON bodies on GET
  registerApiRoutes(app, services, endpoints);
  return app;
}

const WEB_SECURITY_HEADERS: Record<string, string> = {
  // Scripts only from Foyer itself. Cloud objects (signed URLs on any bucket host) may be shown as images, audio and
  // video, fetched by the connection test, and framed: HTML objects only in a sandboxed iframe the web app makes.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http: https:; media-src 'self' blob: http: https:; connect-src 'self' http: https:; frame-src http: https:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

async function buildWebServer(config: Config, services: Services, endpoints: ReadonlyMap<string, Endpoint>, logger: boolean): Promise<FastifyInstance> {
  const app = Fastify(fastifyOptions(config, logger));
  capConnections(app.server, config.connections);
  app.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
  await app.register(async (scope) => registerApiRoutes(scope, services, endpoints), { prefix: '/api' });
  registerOidcWebRoutes(app, services);

  const dist = resolve(config.webDist ?? DEFAULT_WEB_DIST);
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply) => {
      for (const [name, value] of Object.entries(WEB_SECURITY_HEADERS)) reply.header(name, value);
    });
    if (!existsSync(`${dist}/index.html`)) {
      scope.get('/*', async (_request, reply) =>
        reply.code(503).type('text/plain').send('The web app is not built. Run `npm run build` (npm start does it for you).'),
      );
      return;
    }
    // Files get a route each (found at start); the build's .br/.gz twins are served to browsers that accept them.
    // Hashed assets never change; everything else is revalidated.
    await scope.register(fastifyStatic, {
      root: dist,
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) =>
        reply.header('cache-control', path.startsWith(resolve(dist, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
    const sendIndex = (reply: import('fastify').FastifyReply) => reply.sendFile('index.html');
    scope.setNotFoundHandler(async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return reply.code(404).type('text/plain').send('Not found');
      const path = request.url.split('?')[0]!;
      if (/\.[a-z0-9]+$/i.test(path)) return reply.code(404).type('text/plain').send('Not found');
      return sendIndex(reply); // client-side routes (/profile, /login, /invite/…) get the app
    });
  });
  return app;
}

export interface FoyerOptions {
  logger?: boolean;
  migrate?: boolean;
  /** how saving a cloud access row finds its bucket's region; tests give one that never leaves 127.0.0.1 */
  regionFinder?: RegionFinder;
  /** what the API serves; all of them unless told (a test serves a defective one to see the dispatcher refuse it) */
  endpoints?: ReadonlyMap<string, Endpoint>;
}

export async function createFoyer(config: Config, options: FoyerOptions = {}): Promise<Foyer> {
  const database = openDatabase(config);
  const { db, dialect } = database;
  if (options.migrate !== false) await migrateToLatest(db);
  const fallbackLog: Logger = { info: () => {}, warn: (o) => console.warn(o), error: (o) => console.error(o) };
  const lastUsed = new LastUsedRecorder(db, config.lastUsedFlushMs, (error) => services.log.error({ err: error }, 'could not record last use of credentials'));
  const services: Services = {
    config,
    db,
    dialect,
    tokens: createTokenIssuer(config.secretKey, config.build),
    signIns: new SignInCache(database.readAuthEpoch),
    sessions: new SessionWriter(db),
    lastUsed,
    signers: new SignerCache(),
    regionFinder: options.regionFinder ?? new RegionFinder(),
    keySignIns: new KeySignInLog(),
    log: fallbackLog,
    mail: createMailer(config.smtp, () => services.log),
    oidc: new OidcClients(config.publicWebUrl),
    now: () => Date.now(),
  };
  const logger = options.logger ?? false;
  const endpoints = options.endpoints ?? allEndpoints();
  const api = await buildApiServer(config, services, endpoints, logger);
  const web = await buildWebServer(config, services, endpoints, logger);
  if (logger) services.log = api.log;
  return {
    services,
    api,
    web,
    async close() {
      await Promise.all([api.close(), web.close()]);
      await services.lastUsed.close();
      await services.mail?.close();
      await database.close();
    },
  };
}
