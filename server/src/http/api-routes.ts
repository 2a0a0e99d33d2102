// Serves the ClearML-style API: /<service>.<action> and /v<X.Y>/<service>.<action>, by GET, POST or PUT,
// with a JSON body (also on GET) and query parameters merged in; every answer in the envelope.
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringifySetCookie } from 'cookie';
import type { Services } from '../services.ts';
import { API_VERSION } from '../shared/version.ts';
import { authenticate, otpOf, recordSuccessfulCall, SESSION_COOKIE } from '../auth/authenticate.ts';
import type { Identity } from '../auth/identity.ts';
import { ApiError, errors } from './errors.ts';
import { actorOf, authorize, whyNot } from '../policies/index.ts';
import { envelope, type CallInfo } from './envelope.ts';
import { apiReferencePage, openApiDocument } from './openapi.ts';
import { validateParams, type CallContext, type Endpoint, type RequestInfo, type SessionCookie } from './endpoint.ts';
import { assertCleanStrings, dropTransportFields, mergeQuery, parseJsonBody } from './request-body.ts';
import { isTrustedOrigin, mayActWithCookie, mayOpenSession, normalizeOrigin, trustedOrigins } from './origins.ts';

const NAME_PATTERN = /^[a-zA-Z_]\w+\.[a-zA-Z_]\w+$/;
const VERSION_PATTERN = /^v(\d+\.?\d+)$/;

export function registerApiRoutes(app: FastifyInstance, services: Services, endpoints: ReadonlyMap<string, Endpoint>): void {
  app.removeAllContentTypeParsers();
  // Every body is read as bytes and parsed by parseJsonBody, whatever its content type. JSON is also named on its
  // own: Fastify remembers the parser it found for a named type, but looks the catch-all up again on every request.
  for (const type of ['application/json', '*']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: services.config.bodyLimitBytes }, (_req, body, done) => done(null, body));
  }

  const trusted = trustedOrigins(services.config);
  app.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    if (origin) {
      // Credentialed CORS only for Foyer's own origins (origins.ts). Any other page may still call with a token
      // it holds itself, but the browser never lets it read what a call carried by the cookie returns.
      if (isTrustedOrigin(origin, trusted, () => ownOrigin(request))) {
        reply.header('access-control-allow-origin', origin);
        reply.header('access-control-allow-credentials', 'true');
      } else {
        reply.header('access-control-allow-origin', '*');
      }
      reply.header('vary', 'Origin');
    }
    reply.header('server', 'foyer');
    if (request.method !== 'OPTIONS') return done();
    reply.header('access-control-allow-methods', 'GET, POST, PUT, OPTIONS');
    const asked = request.headers['access-control-request-headers'];
    reply.header('access-control-allow-headers', typeof asked === 'string' ? asked : 'Authorization, Content-Type');
    reply.header('access-control-max-age', '600');
    reply.code(200).send();
  });

  // Closing waits for the calls still being handled, also those whose client has gone (the HTTP server no longer
  // waits for them then): the database is closed after them, never under them.
  let handling = 0;
  let allHandled: (() => void) | undefined;
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    handling++;
    try {
      await dispatch(services, endpoints, trusted, request, reply);
    } finally {
      if (--handling === 0) allHandled?.();
    }
  };
  app.addHook('onClose', async () => {
    if (handling > 0) await new Promise<void>((resolve) => (allHandled = resolve));
  });
  // HEAD is answered without running anything: Fastify would otherwise run the GET handler for it, and a HEAD
  // auth.create_credentials would make a key pair whose secret nobody sees.
  const refuseHead = (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('allow', 'GET, POST, PUT');
    sendError(reply, callInfo(request, pathName(request)), errors.methodNotAllowed(request.method));
  };
  // the API reference, as a document and as a page (static routes win over the endpoint routes below)
  const reference = openApiDocument(endpoints, services.config);
  const referenceJson = JSON.stringify(reference);
  const referencePage = apiReferencePage(reference);
  app.get('/openapi.json', (_request, reply) => {
    reply.header('cache-control', 'no-cache').header('access-control-allow-origin', '*').type('application/json').send(referenceJson);
  });
  app.get('/docs', (_request, reply) => {
    reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .type('text/html; charset=utf-8')
      .send(referencePage);
  });
  for (const url of ['/:name', '/:version/:name']) {
    app.route({ method: ['GET', 'POST', 'PUT'], url, handler: handle, exposeHeadRoute: false });
    app.route({ method: 'HEAD', url, handler: refuseHead });
  }

  app.setNotFoundHandler((request, reply) => {
    const call = callInfo(request, pathName(request));
    sendError(reply, call, errors.notFound(`Unable to find endpoint for ${request.method} ${request.url.split('?')[0]}`));
  });
  app.setErrorHandler((error, request, reply) => {
    const call = callInfo(request, (request.params as { name?: string } | undefined)?.name ?? '');
    sendError(reply, call, toApiError(error, services));
  });
}

/** The origin this request was sent to, as a browser on the same origin would name it in Origin. */
function ownOrigin(request: FastifyRequest): string | undefined {
  return normalizeOrigin(`${request.protocol}://${request.host}`);
}

function pathName(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? '';
  return path.slice(path.lastIndexOf('/') + 1);
}

function callInfo(request: FastifyRequest, name: string, requestedVersion = API_VERSION): CallInfo {
  const trx = request.headers['x-clearml-trx'] ?? request.headers['x-trains-trx'];
  return { endpointName: name, requestedVersion, trx: typeof trx === 'string' ? trx.slice(0, 200) : undefined };
}

function sendError(reply: FastifyReply, call: CallInfo, error: ApiError): void {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  reply.code(error.code).send(envelope(call, { code: error.code, subcode: error.subcode, message: error.message, errorData: error.data }, {}));
}

function toApiError(error: unknown, services: Services): ApiError {
  if (error instanceof ApiError) return error;
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return errors.payloadTooLarge(services.config.bodyLimitBytes);
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new ApiError(fastifyError.statusCode, 0, fastifyError.message ?? 'Bad request');
  }
  services.log.error({ err: error }, 'unhandled error');
  return errors.internal();
}

function header(request: FastifyRequest, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = request.headers[name];
    if (typeof value === 'string' && value !== '') return value.slice(0, 200);
  }
  return undefined;
}

/** What a handler may know of the request. The client address is found only when asked: most calls never need it. */
class FastifyRequestInfo implements RequestInfo {
  readonly headers: FastifyRequest['headers'];
  readonly secure: boolean;
  readonly worker: string | undefined;
  readonly client: string | undefined;

  constructor(private readonly request: FastifyRequest) {
    this.headers = request.headers;
    this.secure = request.protocol === 'https';
    this.worker = header(request, 'x-clearml-worker', 'x-trains-worker');
    this.client = header(request, 'x-clearml-agent', 'x-trains-agent') ?? header(request, 'x-clearml-client', 'x-trains-client');
  }

  get ip(): string {
    return this.request.ip;
  }
}

const keepAsIs = (value: string) => value;

/** Sets (or clears) the one cookie Foyer uses; a later call on the same reply replaces an earlier one. */
class ReplySessionCookie implements SessionCookie {
  constructor(
    private readonly reply: FastifyReply,
    private readonly secure: boolean,
  ) {}

  set(token: string, maxAgeSec: number): void {
    this.write(token, { maxAge: maxAgeSec });
  }

  clear(): void {
    this.write('', { maxAge: 0, expires: new Date(0) });
  }

  private write(value: string, lifetime: { maxAge: number; expires?: Date }): void {
    const cookie = { name: SESSION_COOKIE, value, httpOnly: true, sameSite: 'lax' as const, secure: this.secure, path: '/', ...lifetime };
    // A token is base64url parts joined by dots, all cookie-safe already: percent-encoding it would copy 600
    // characters for nothing. The library still checks that the value is a valid cookie value.
    this.reply.header('set-cookie', stringifySetCookie(cookie, { encode: keepAsIs }));
  }
}

async function dispatch(
  services: Services,
  endpoints: ReadonlyMap<string, Endpoint>,
  trusted: ReadonlySet<string>,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const { name, version } = request.params as { name: string; version?: string };
  let requestedVersion = API_VERSION;
  if (version !== undefined) {
    const match = VERSION_PATTERN.exec(version);
    if (!match) throw errors.invalidVersion(version);
    requestedVersion = match[1]!.includes('.') ? match[1]! : `${match[1]}.0`;
  }
  const call = callInfo(request, name, requestedVersion);
  try {
    if (!NAME_PATTERN.test(name)) throw errors.badRequest(`Invalid request path ${request.url.split('?')[0]}`);
    const endpoint = endpoints.get(name);
    if (!endpoint) throw errors.notFound(`Unable to find endpoint for name ${name} and version ${requestedVersion}`);
    if (request.headers['content-encoding']) throw errors.unsupportedEncoding();

    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const raw = dropTransportFields(mergeQuery(parseJsonBody(request.body as Buffer | undefined), query));
    assertCleanStrings(raw);

    const info = new FastifyRequestInfo(request);
    let identity: Identity | undefined;
    if (endpoint.auth !== 'none') {
      try {
        const otp = otpOf(info, name === 'auth.login' ? raw.otp : undefined);
        identity = await authenticate(services, { authorization: request.headers.authorization, cookies: request.headers.cookie, otp }, info);
      } catch (error) {
        if (endpoint.auth === 'required' || !(error instanceof ApiError) || error.code !== 401) throw error;
      }
      if (!identity && endpoint.auth === 'required') throw errors.noCredentials();
      if (identity && endpoint.auth === 'required') refuseWithoutRequiredTwoFactor(identity, endpoint);
      if (identity?.via === 'cookie' && endpoint.changesState && !mayActWithCookie(request.headers, trusted, () => ownOrigin(request))) {
        throw errors.crossSite();
      }
    }
    if (endpoint.auth === 'none' && endpoint.changesState && !mayOpenSession(request.headers, trusted, () => ownOrigin(request))) {
      throw errors.crossSiteSignIn();
    }
    const params = validateParams(endpoint, raw);
    const ctx: CallContext = {
      services,
      identity,
      request: info,
      cookie: new ReplySessionCookie(reply, info.secure),
      decision: { actions: [] },
    };
    if (endpoint.authorize) authorize(ctx, endpoint.authorize, undefined);
    const data = await endpoint.handle(ctx, params);
    if (ctx.decision.actions.length === 0) {
      // every handler decides through authorize() (policies/), even where anyone may: one that did not is a defect
      services.log.error({ endpoint: endpoint.name }, 'endpoint answered without an authorization decision');
      throw errors.internal();
    }
    if (identity) recordSuccessfulCall(services, identity, info);
    reply.code(200).send(envelope(call, { code: 200, subcode: 0, message: 'OK' }, data ?? {}));
  } catch (error) {
    sendError(reply, call, toApiError(error, services));
  }
}

/** A member who has not turned on the two-factor sign-in their workspace requires keeps only their own account. */
function refuseWithoutRequiredTwoFactor(identity: Identity, endpoint: Endpoint): void {
  if (!identity.twoFactor.workspaceRequires || identity.twoFactor.enabled) return;
  const reason = whyNot(actorOf(identity), 'workspace.use', {
    workspaceName: identity.workspaceName,
    requiresTwoFactor: true,
    twoFactorEnabled: false,
    accountCall: endpoint.beforeTwoFactor === true,
  });
  if (reason) throw errors.twoFactorRequiredByWorkspace(reason, identity.workspaceId);
}

/** Fastify's own refusals before any route runs (a malformed path, a path segment over its length): in the envelope. */
export function answerFrameworkError(error: { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const apiError =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ApiError(414, 0, 'The request path is too long: an endpoint name is service.action, a version vX.Y')
      : errors.badRequest('The request path is not a valid URL (check its percent-encoding)');
  sendError(reply, callInfo(request, ''), apiError);
}

const CLIENT_ERRORS: Record<string, { code: number; reason: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { code: 408, reason: 'Request Timeout', message: 'The request did not arrive in time; the connection is closed' },
  HPE_HEADER_OVERFLOW: { code: 431, reason: 'Request Header Fields Too Large', message: 'The request headers are too large' },
};

/**
 * Answers a request the HTTP parser refused, or one that did not arrive in time, in the envelope, on the raw
 * socket (no request object exists yet), and closes the connection.
 */
export function answerClientError(error: { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CLIENT_ERRORS[error.code ?? ''] ?? { code: 400, reason: 'Bad Request', message: 'The request is not valid HTTP' };
  if (socket.writable && !(socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
    const body = JSON.stringify(envelope({ endpointName: '', requestedVersion: API_VERSION, trx: undefined }, { code: known.code, subcode: 0, message: known.message }, {}));
    socket.write(
      `HTTP/1.1 ${known.code} ${known.reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
