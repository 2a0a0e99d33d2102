// Loading a signed object URL in the browser, and saying in words why it failed: the signature was refused (403),
// the object is not there (404), the bucket's CORS rules keep this page from reading it, or the network failed.
// The request carries no cookie and no referrer: the storage server learns nothing about this page but its origin.

export type FailureKind = 'refused' | 'not_found' | 'wrong_region' | 'http_status' | 'cors' | 'network' | 'mixed_content';

export interface ObjectFailure {
  ok: false;
  kind: FailureKind;
  /** a short heading, e.g. "Signature refused (HTTP 403)" */
  title: string;
  /** what it means and what to check */
  detail: string;
  status?: number;
  /** the storage server's error code, e.g. SignatureDoesNotMatch */
  code?: string;
}

export interface ObjectFound {
  ok: true;
  status: number;
  contentType?: string;
  size?: number;
  response: Response;
}

const FETCH_OPTIONS: RequestInit = { method: 'GET', mode: 'cors', credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' };

export function isMixedContentUrl(url: string, pageProtocol = window.location.protocol): boolean {
  return pageProtocol === 'https:' && /^http:\/\//i.test(url);
}

export function mixedContentFailure(): ObjectFailure {
  return {
    ok: false,
    kind: 'mixed_content',
    title: 'Blocked as mixed content',
    detail:
      'This page is served over https://, and the signed URL is http://: the browser refuses to load it. Use an https:// Host (Endpoint) on the row.',
  };
}

/**
 * GETs a signed URL with CORS. On success the caller owns `response` (read or cancel its body). On failure, the
 * answer is one of the kinds above, with the storage server's error code when its body says one.
 */
export async function fetchObject(url: string, signal?: AbortSignal): Promise<ObjectFound | ObjectFailure> {
  if (isMixedContentUrl(url)) return mixedContentFailure();
  let response: Response;
  try {
    response = await fetch(url, { ...FETCH_OPTIONS, signal });
  } catch (error) {
    if (isAbort(error)) throw error;
    return diagnoseUnreadable(url, signal);
  }
  if (response.ok) {
    const length = response.headers.get('content-length');
    return {
      ok: true,
      status: response.status,
      contentType: response.headers.get('content-type') ?? undefined,
      size: length !== null && /^\d+$/.test(length) ? Number(length) : undefined,
      response,
    };
  }
  const body = await readSome(response, 64 * 1024).catch(() => '');
  return describeStatus(response.status, body, url);
}

/** Checks that a signed URL loads, without keeping its body. */
export async function checkObject(url: string, signal?: AbortSignal): Promise<Omit<ObjectFound, 'response'> | ObjectFailure> {
  const result = await fetchObject(url, signal);
  if (!result.ok) return result;
  const { response, ...found } = result;
  await response.body?.cancel().catch(() => undefined);
  return found;
}

/**
 * A CORS request failed before any status could be read. A no-cors request tells the two causes apart: if it
 * gets an (opaque) answer, the server is there but its CORS rules do not admit this origin.
 */
async function diagnoseUnreadable(url: string, signal?: AbortSignal): Promise<ObjectFailure> {
  const host = hostOf(url);
  try {
    const probe = await fetch(url, { ...FETCH_OPTIONS, mode: 'no-cors', signal });
    await probe.body?.cancel().catch(() => undefined);
    return {
      ok: false,
      kind: 'cors',
      title: 'Blocked by CORS',
      detail: `${host} answered, but its CORS rules do not let this page (${window.location.origin}) read the answer, so its status cannot be seen here. Images, video and audio may still show; to test access and preview text, add a CORS rule on the bucket that allows GET from ${window.location.origin}.`,
    };
  } catch (error) {
    if (isAbort(error)) throw error;
    return {
      ok: false,
      kind: 'network',
      title: 'Network error',
      detail: `The browser could not reach ${host}: check the Host (Endpoint), that the storage server is running and reachable from this computer (VPN, firewall), and its TLS certificate.`,
    };
  }
}

/** The error code and message in an S3, GCS or Azure XML error body. */
export function storageErrorOf(body: string): { code?: string; message?: string; region?: string } {
  const tag = (name: string) => new RegExp(`<${name}>([^<]{1,400})</${name}>`).exec(body)?.[1]?.trim();
  return { code: tag('Code'), message: tag('Message'), region: tag('Region') };
}

const REFUSED: Record<string, string> = {
  SignatureDoesNotMatch:
    'The storage server computed a different signature: the Secret does not belong to this Key, or the Region on the row is wrong.',
  InvalidAccessKeyId: 'The storage server does not know this Key (access key ID). Check Key on the row, and Host (Endpoint).',
  AccessDenied: 'The signature was accepted, but this key may not read this object: check the bucket policy or the key’s permissions.',
  ExpiredToken: 'The session token has expired: paste fresh temporary credentials (Key, Secret and Session token).',
  InvalidToken: 'The session token is not valid for this key: paste Key, Secret and Session token from the same set.',
  TokenRefreshRequired: 'The session token has expired: paste fresh temporary credentials.',
  RequestTimeTooSkewed: 'The server’s clock and the storage server’s clock differ too much to sign requests.',
  AuthenticationFailed: 'Azure refused the signature: check the storage account key or the SAS token on the row.',
  AuthorizationPermissionMismatch: 'Azure accepted the signature, but the SAS does not allow reading this blob.',
  AuthorizationFailure: 'Azure refused the request: the SAS or the account’s network rules do not allow it.',
};

const NOT_FOUND: Record<string, string> = {
  NoSuchKey: 'The bucket has no object at this key: check the path (it is case-sensitive).',
  NoSuchBucket: 'There is no bucket of this name on that storage server: check Bucket and Host (Endpoint).',
  BlobNotFound: 'The container has no blob at this path: check the path (it is case-sensitive).',
  ContainerNotFound: 'The storage account has no container of this name.',
  ResourceNotFound: 'Azure found nothing at this URL: check the account, the container and the path.',
};

export function describeStatus(status: number, body: string, url: string): ObjectFailure {
  const { code, message, region } = storageErrorOf(body);
  const server = message ? ` The storage server says: “${message}”` : '';
  const codeText = code ? ` (${code})` : '';
  if (status === 403 || status === 401) {
    return {
      ok: false,
      kind: 'refused',
      status,
      code,
      title: `Signature refused (HTTP ${status})`,
      detail: (code && REFUSED[code]) || `The storage server refused the signed URL${codeText}: check Key, Secret, Session token and Region on the row.${server}`,
    };
  }
  if (status === 404) {
    return {
      ok: false,
      kind: 'not_found',
      status,
      code,
      title: 'Not found (HTTP 404)',
      detail: (code && NOT_FOUND[code]) || `The storage server has nothing at ${pathOf(url)}${codeText}.${server}`,
    };
  }
  if (code === 'AuthorizationHeaderMalformed' || code === 'AuthorizationQueryParametersError' || code === 'PermanentRedirect' || status === 301) {
    return {
      ok: false,
      kind: 'wrong_region',
      status,
      code,
      title: `Wrong region (HTTP ${status})`,
      detail: `The URL was signed for another region than the bucket’s${region ? `: the bucket is in ${region}. Set Region to ${region} on the row` : '. Correct Region on the row (or empty it, so that the server finds it)'}.${server}`,
    };
  }
  return {
    ok: false,
    kind: 'http_status',
    status,
    code,
    title: `The storage server answered HTTP ${status}`,
    detail: `Loading the signed URL failed${codeText}.${server}`,
  };
}

/** Reads at most `limit` bytes of a body as UTF-8, then cancels the rest. */
export async function readSome(response: Response, limit: number): Promise<string> {
  const { text } = await readText(response, limit);
  return text;
}

export async function readText(response: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
    if (total >= limit) {
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(total, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, Math.min(chunk.byteLength, bytes.byteLength - offset));
    bytes.set(part, offset);
    offset += part.byteLength;
    if (offset >= bytes.byteLength) break;
  }
  return { text: new TextDecoder('utf-8').decode(bytes), truncated };
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the storage server';
  }
}

function pathOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return 'this path';
  }
}
