import type { Signer } from './signers.ts';

/**
 * Signers keyed by row id, row version and region, so a call of 500 URLs builds each client once. Each Foyer
 * instance keeps its own (services.signers): they hold decrypted secrets, so they live in memory only.
 */
export class SignerCache {
  private entries = new Map<string, Signer>();
  constructor(private readonly max = 500) {}

  /** The cached signer, or a new one from `build` (kept unless build returns undefined). */
  get(cacheKey: string, build: () => Signer | undefined): Signer | undefined {
    const hit = this.entries.get(cacheKey);
    if (hit) {
      this.entries.delete(cacheKey);
      this.entries.set(cacheKey, hit); // most recently used last
      return hit;
    }
    const signer = build();
    if (!signer) return undefined;
    this.entries.set(cacheKey, signer);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return signer;
  }

  /** Drops every signer of a row (after a change or a delete). */
  forgetRow(rowId: string): void {
    for (const cacheKey of this.entries.keys()) if (cacheKey.startsWith(`${rowId}:`)) this.entries.delete(cacheKey);
  }
}
