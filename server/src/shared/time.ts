import { setTimeout as sleep } from 'node:timers/promises';

/** ISO 8601 in UTC with an explicit +00:00 offset, as the reference server writes datetimes. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/**
 * Runs `work` and settles no sooner than `ms` after it began, whether it returned or threw: an answer that must not
 * tell, by its time, what the work found (an address with an account, a secret that was real).
 */
export async function noSoonerThan<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    await sleep(Math.max(0, ms - (performance.now() - started)));
  }
}
