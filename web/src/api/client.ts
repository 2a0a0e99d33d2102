// The one fetch client for Foyer's API: `POST /api/<service>.<action>` with a JSON body, the session in the
// HttpOnly `clearml_token_basic` cookie (the app never sees or stores a token), and every answer in the ClearML
// envelope `{meta, data}` whose meta.result_code is the HTTP status. Names, parameters and answers are the contract's
// (@foyer/contract), which the server checks its endpoints against.
import type { EndpointName, Envelope, EnvelopeMeta, ParamsOf, ResultOf } from '@foyer/contract';

/** A call that did not succeed. `status` is 0 when the server could not be reached at all. */
export class ApiError extends Error {
  readonly endpoint: string;
  readonly status: number;
  readonly subcode: number;
  readonly errorData: Record<string, unknown>;

  constructor(endpoint: string, status: number, subcode: number, message: string, errorData: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.endpoint = endpoint;
    this.status = status;
    this.subcode = subcode;
    this.errorData = errorData;
  }
}

export function isApiError(error: unknown, status?: number, subcode?: number): error is ApiError {
  return (
    error instanceof ApiError &&
    (status === undefined || error.status === status) &&
    (subcode === undefined || error.subcode === subcode)
  );
}

/** How long a throttled call (429) says to wait, in whole seconds (at least 1). */
export function retryAfterSeconds(errorData: Record<string, unknown>): number {
  const value = Number(errorData.retry_after_sec);
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : 1;
}

function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null || !('meta' in value)) return false;
  const meta = (value as { meta: unknown }).meta;
  return typeof meta === 'object' && meta !== null && typeof (meta as EnvelopeMeta).result_code === 'number';
}

export interface CallOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function callApi<Name extends EndpointName>(endpoint: Name, body: ParamsOf<Name> = {} as ParamsOf<Name>, options: CallOptions = {}): Promise<ResultOf<Name>> {
  let response: Response;
  try {
    response = await fetch(`/api/${endpoint}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(endpoint, 0, 0, 'The Foyer server cannot be reached. Check your connection and try again.');
  }

  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    throw new ApiError(endpoint, response.status, 0, `The server answered ${endpoint} with HTTP ${response.status} and an unreadable body.`);
  }
  if (!isEnvelope(payload)) {
    throw new ApiError(endpoint, response.status, 0, `The server answered ${endpoint} with HTTP ${response.status} outside the API envelope.`);
  }

  const { meta } = payload;
  if (!response.ok || meta.result_code !== 200) {
    throw new ApiError(
      endpoint,
      meta.result_code || response.status,
      meta.result_subcode,
      meta.result_msg || `${endpoint} failed with HTTP ${response.status}.`,
      meta.error_data ?? {},
    );
  }
  return payload.data as ResultOf<Name>;
}

/** HTTP Basic credentials, UTF-8 encoded before base64 so that non-ASCII emails and passwords survive. */
export function basicAuthorization(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
