// Finding an S3 bucket's region, so that a wrong or missing Region never dead-locks a row. The only hosts ever
// contacted are AWS's own (s3.amazonaws.com) and the Host (Endpoint) configured in a row: never a host taken
// from a URL someone pasted. One unauthenticated HEAD <base>/<bucket>; the answer's x-amz-bucket-region header
// names the region (AWS sends it with 200, 301 and 403 alike). Answers are cached per node; the signer also
// keeps the last answer on the row, shared by every node.

export const AWS_REGION_LOOKUP_BASE = 'https://s3.amazonaws.com';
export const REGION_LOOKUP_TIMEOUT_MS = 3000;
const FOUND_TTL_MS = 6 * 3600_000;
const NOT_FOUND_TTL_MS = 120_000;

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

export class RegionFinder {
  private cache = new Map<string, { answer: RegionAnswer; until: number }>();
  private inflight = new Map<string, Promise<RegionAnswer>>();
  /** where AWS is asked; tests point it at a local stand-in */
  awsBase = AWS_REGION_LOOKUP_BASE;

  constructor(
    public timeoutMs = REGION_LOOKUP_TIMEOUT_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** endpoint null: ask AWS. Otherwise the row's own endpoint ("scheme://host[:port]", already validated). */
  find(endpoint: string | null, bucket: string): Promise<RegionAnswer> {
    const base = endpoint ?? this.awsBase;
    const cacheKey = `${base}|${bucket}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.until > this.now()) return Promise.resolve(cached.answer);
    const pending = this.inflight.get(cacheKey);
    if (pending) return pending;
    const lookup = this.head(base, bucket).then((answer) => {
      this.inflight.delete(cacheKey);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(cacheKey, { answer, until: this.now() + ('region' in answer ? FOUND_TTL_MS : NOT_FOUND_TTL_MS) });
      return answer;
    });
    this.inflight.set(cacheKey, lookup);
    return lookup;
  }

  forget(): void {
    this.cache.clear();
  }

  private async head(base: string, bucket: string): Promise<RegionAnswer> {
    try {
      const response = await fetch(`${base}/${encodeURIComponent(bucket)}`, {
        method: 'HEAD',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return regionFromHeadResponse(response.status, response.headers.get('x-amz-bucket-region'));
    } catch (error) {
      const timedOut = (error as { name?: string }).name === 'TimeoutError';
      return { problem: 'unreachable', detail: timedOut ? `no answer within ${this.timeoutMs / 1000} s` : 'the connection failed' };
    }
  }
}

export const regionFinder = new RegionFinder();
