// How a domain declares a ClearML-style endpoint: its name, who may call it, its parameters, its handler.
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import { endpointContracts, type CheckedParamsOf, type EndpointName, type ResultOf } from '@foyer/contract';
import type { Services } from '../services.ts';
import type { Identity } from '../auth/identity.ts';
import type { DecisionRecord } from '../policies/core.ts';
import type { SubjectlessAction } from '../policies/index.ts';
import { errors } from './errors.ts';

/** required: a valid identity or 401; optional: used when valid, ignored when not; none: never looked at. */
export type AuthMode = 'required' | 'optional' | 'none';

export interface RequestInfo {
  ip: string;
  headers: IncomingHttpHeaders;
  secure: boolean;
  /** X-ClearML-Worker / X-Trains-Worker */
  worker: string | undefined;
  /** X-ClearML-Client or X-ClearML-Agent (and the X-Trains- spellings) */
  client: string | undefined;
}

export interface SessionCookie {
  set(token: string, maxAgeSec: number): void;
  clear(): void;
}

export interface CallContext {
  services: Services;
  identity: Identity | undefined;
  request: RequestInfo;
  cookie: SessionCookie;
  /** the authorization decisions the handler made (policies/): an answer without one is a server defect */
  decision: DecisionRecord;
}

export type AuthedContext = CallContext & { identity: Identity };
type ContextFor<A extends AuthMode> = A extends 'required' ? AuthedContext : CallContext;

export interface Endpoint {
  name: string;
  /** one line for the API reference */
  summary: string;
  auth: AuthMode;
  /**
   * It changes state, or returns a token or a secret: carried by the session cookie, it runs only from Foyer's own
   * origins (http/origins.ts).
   */
  changesState: boolean;
  /** from the contract (@foyer/contract), by the endpoint's name */
  params: z.ZodType;
  /** the action the dispatcher authorizes before the handler runs, for a rule that needs nothing the handler reads */
  authorize?: SubjectlessAction;
  /**
   * It is about the caller's own account (signing in, their profile, sessions, two-factor, their list of workspaces,
   * switching or leaving): open to a member whose workspace requires two-factor sign-in before they turn it on
   * (policies/workspace.ts, workspace.use). Every other signed-in endpoint is closed to them.
   */
  beforeTwoFactor?: boolean;
  handle(ctx: CallContext, params: unknown): Promise<unknown> | unknown;
}

/** An endpoint the contract names: its parameters are the contract's, checked before the handler runs, and its answer is the contract's. */
export function defineEndpoint<N extends EndpointName, A extends AuthMode>(def: {
  name: N;
  auth: A;
  changesState: boolean;
  /**
   * Where the rule needs nothing the handler reads (anyone may; any signed-in person may; a person, not a key pair):
   * the action, authorized before the handler runs. Otherwise the handler calls authorize() with what it looked up.
   */
  authorize?: SubjectlessAction;
  /** about the caller's own account: open before they turn on the two-factor sign-in their workspace requires */
  beforeTwoFactor?: boolean;
  /** answers what the contract says the endpoint answers (ResultOf), where it says it */
  handle(ctx: ContextFor<A>, params: CheckedParamsOf<N>): Promise<ResultOf<N>> | ResultOf<N>;
}): Endpoint {
  const contract = endpointContracts[def.name];
  return { ...def, summary: contract.summary, params: contract.params } as unknown as Endpoint;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

const shorten = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max)}…` : text);

export function validateParams(endpoint: Endpoint, raw: Record<string, unknown>): unknown {
  const result = endpoint.params.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = shorten(issue.path.map(String).join('.'));
  const where = field ? `field "${field}"` : 'request';
  let message = shorten(issue.message, 200);
  if (issue.code === 'unrecognized_keys') {
    message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.slice(0, 5).map((k) => `"${shorten(k)}"`).join(', ')}`;
  } else if (issue.path.length > 0 && valueAt(raw, issue.path) === undefined) {
    message = 'this field is required';
  }
  throw errors.validation(`Validation error: ${where}: ${message}`, field ? { field } : {});
}
