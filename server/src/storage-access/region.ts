// Finding an S3 bucket's region. Asked only when a row is saved (storage_access.set) by someone who may manage
// it, never while signing. The only hosts ever contacted are AWS's own (s3.amazonaws.com) and the Host
// (Endpoint) configured in the row being saved: never a host taken from a URL someone pasted, and never a
// link-local or cloud-metadata address (169.254.0.0/16, fe80::/10, fd00:ec2::254, also IPv4-mapped), neither
// written in the endpoint nor as what its name resolves to. Private networks (10.x, 192.168.x, 127.x) stay
// allowed: that is where MinIO and Ceph live. One unauthenticated HEAD <base>/<bucket>; the answer's
// x-amz-bucket-region header names the region (AWS sends it with 200, 301 and 403 alike).
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { RowSettings } from './rules.ts';

const AWS_REGION_LOOKUP_BASE = 'https://s3.amazonaws.com';
const REGION_LOOKUP_TIMEOUT_MS = 3000;

export type RegionAnswer =
  | { region: string }
  | { problem: 'unreachable' | 'no_such_bucket' | 'no_region_header'; detail: string };

const REGION_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;

/** Pure: reads the answer of HEAD bucket. */
export function regionFromHeadResponse(status: number, header: string | null): RegionAnswer {
  const region = header?.trim().toLowerCase();
  if (region && REGION_PATTERN.test(region)) return { region };
  if (status === 404) return { problem: 'no_such_bucket', detail: 'the server answered 404 (no such bucket)' };
  return { problem: 'no_region_header', detail: `the server answered ${status} without x-amz-bucket-region` };
}

/** AWS partitions that s3.amazonaws.com does not answer for: the row's region is trusted as it is. */
export function isSeparateAwsPartition(region: string | null): boolean {
  return region !== null && (region.startsWith('cn-') || region.startsWith('us-gov-') || region.startsWith('us-iso'));
}

/** The 8 groups of an IPv6 address (any textual form, also with a dotted IPv4 tail), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, ''); // a zone id (fe80::1%eth0) is not part of the address
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    if (isIP(dotted[1]!) !== 4) return undefined;
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

function isLinkLocalIpv4(address: string): boolean {
  const [a, b] = address.split('.').map(Number);
  return a === 169 && b === 254;
}

/**
 * Pure: an address Foyer never contacts: IPv4 link-local 169.254.0.0/16 (where clouds serve instance metadata),
 * IPv6 link-local fe80::/10, AWS's IPv6 metadata address fd00:ec2::254, and IPv4 link-local addresses written as
 * IPv6 (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d). Anything that is not
 * an IP address at all is refused too.
 */
export function isForbiddenAddress(address: string): boolean {
  const kind = isIP(address.replace(/%.*$/, ''));
  if (kind === 4) return isLinkLocalIpv4(address);
  if (kind !== 6) return true;
  const g = ipv6Groups(address);
  if (!g) return true;
  if ((g[0]! & 0xffc0) === 0xfe80) return true;
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return true;
  const embedsIpv4 =
    (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) || // ::ffff:a.b.c.d, ::a.b.c.d
    (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)); // 64:ff9b::a.b.c.d
  return embedsIpv4 && g[6] === 0xa9fe; // 169.254.x.x
}

export type BaseLookup = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * A `lookup` for node:http(s) that resolves with `base` and drops every forbidden address; when none is left
 * the connection fails before it starts. Node skips lookup for IP literals: those are checked before (see find).
 */
export function guardedLookup(base: BaseLookup): LookupFunction {
  return ((hostname: string, options: { family?: number | string; all?: boolean; hints?: number }, callback: (...args: unknown[]) => void) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : typeof options.family === 'number' ? options.family : 0;
    base(hostname, { all: true, family, ...(options.hints !== undefined ? { hints: options.hints } : {}) }, (error, addresses) => {
      if (error) return callback(error);
      const allowed = (addresses ?? []).filter((entry) => !isForbiddenAddress(entry.address));
      if (allowed.length === 0) {
        const refused = Object.assign(new Error(`${hostname} resolves only to addresses Foyer never contacts`), { code: 'EFORBIDDEN' });
        return callback(refused);
      }
      if (options.all) return callback(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  }) as LookupFunction;
}

export interface RegionFinderOptions {
  /** where AWS is asked; tests point it at a local stand-in */
  awsBase?: string;
  /** the resolver behind the guarded lookup; tests give one that maps test names to addresses */
  resolve?: BaseLookup;
  timeoutMs?: number;
}

/** One per Foyer instance (services.regionFinder). */
export class RegionFinder {
  awsBase: string;
  resolve: BaseLookup;
  timeoutMs: number;
  /** connections attempted (to an IP literal, or to what a name resolved to after the guard), for the tests */
  attempts = 0;

  constructor(options: RegionFinderOptions = {}) {
    this.awsBase = options.awsBase ?? AWS_REGION_LOOKUP_BASE;
    this.resolve = options.resolve ?? (dnsLookup as unknown as BaseLookup);
    this.timeoutMs = options.timeoutMs ?? REGION_LOOKUP_TIMEOUT_MS;
  }

  /**
   * endpoint null: ask AWS. Otherwise the row's own endpoint ("scheme://host[:port]", already validated).
   * Any failure, whatever its cause, answers "could not reach <base>" and only after the whole timeout: a closed
   * port, a refused address and a silent host look the same to whoever saves the row.
   */
  async find(endpoint: string | null, bucket: string): Promise<RegionAnswer> {
    const base = endpoint ?? this.awsBase;
    const started = Date.now();
    const answer = await this.head(base, bucket);
    if ('region' in answer || answer.problem !== 'unreachable') return answer;
    const rest = this.timeoutMs - (Date.now() - started);
    if (rest > 0) await new Promise((done) => setTimeout(done, rest));
    return answer;
  }

  private head(base: string, bucket: string): Promise<RegionAnswer> {
    const unreachable: RegionAnswer = { problem: 'unreachable', detail: `could not reach ${base}` };
    let url: URL;
    try {
      url = new URL(`${base}/${encodeURIComponent(bucket)}`);
    } catch {
      return Promise.resolve(unreachable);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0 && isForbiddenAddress(host)) return Promise.resolve(unreachable); // literals skip lookup
    const request = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : undefined;
    if (!request) return Promise.resolve(unreachable);
    const guarded = guardedLookup(this.resolve);
    const lookup = ((hostname: string, options: object, callback: (error: Error | null, ...rest: unknown[]) => void) =>
      guarded(hostname, options as never, ((error: Error | null, ...rest: unknown[]) => {
        if (!error) this.attempts += 1;
        callback(error, ...rest);
      }) as never)) as LookupFunction;
    if (isIP(host) !== 0) this.attempts += 1;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (answer: RegionAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        resolve(answer);
      };
      const req = request(url, { method: 'HEAD', lookup, headers: { 'user-agent': 'foyer' } }, (res: IncomingMessage) => {
        const header = res.headers['x-amz-bucket-region'];
        finish(regionFromHeadResponse(res.statusCode ?? 0, Array.isArray(header) ? (header[0] ?? null) : (header ?? null)));
        res.resume();
      });
      req.on('error', () => finish(unreachable));
      const timer = setTimeout(() => finish(unreachable), this.timeoutMs);
      req.end();
    });
  }
}

/** Pure: whether saving a row asks for its bucket's region (S3 only; a custom endpoint only without Region). */
export function needsRegionLookup(settings: RowSettings): boolean {
  if (settings.provider !== 's3') return false;
  if (settings.endpoint) return settings.region === null;
  return !isSeparateAwsPartition(settings.region);
}

/** What saving a row learned about its bucket's region, as the set response tells it. */
export type RegionCheck = { region: string } | { problem: 'unreachable' | 'no_such_bucket' | 'no_region_header'; message: string };

/** Pure: the sentence for a person who just saved a row. */
export function regionCheckOf(settings: RowSettings, answer: RegionAnswer): RegionCheck {
  if ('region' in answer) return { region: answer.region };
  const where = settings.endpoint ? `its server (${answer.detail})` : `AWS (${answer.detail})`;
  if (answer.problem === 'no_such_bucket' && !settings.endpoint) {
    return {
      problem: answer.problem,
      message: `AWS has no bucket named "${settings.bucket}". Check Bucket on the row, or set Host (Endpoint) if the bucket is on another S3 server.`,
    };
  }
  const then = settings.endpoint
    ? 'URLs are signed for us-east-1 unless you set Region on the row.'
    : settings.region
      ? `URLs are signed for ${settings.region}, the row's Region.`
      : `Set Region on the row, for example eu-west-1, or save it again later to ask again; until then its URLs cannot be signed.`;
  return { problem: answer.problem, message: `Could not find the region of bucket "${settings.bucket}" from ${where}. ${then}` };
}
