// What this node has already checked about sign-ins: the session behind each token, the owner of each key pair.
//
// It stays exact through the auth epoch (migration 005): a counter that the database raises, in the same
// transaction, with any change that could end or alter a sign-in, whichever node or process makes it. Every call
// reads the committed counter first; when it has moved, everything remembered is forgotten. So a revocation still
// takes effect on the very next call on every node, while a sign-in that has not changed costs one single-row read
// instead of a four-table join.
//
// The order matters: a lookup reads the epoch, then the database, and what it read is kept only if the epoch it
// started from is still the newest one seen. What is remembered is therefore never older than the epoch it is filed
// under, and any later change raises the epoch past it.
//
// The calls that ask for the epoch in one turn of the event loop share one read, made after that turn's I/O (in
// setImmediate). Every call that shares it had arrived before the read began, so the read still sees every change
// committed before any of them arrived; a read already under way is never shared with a call that came after it
// started. Sharing it spares each call a read of its own: on SQLite the read's two file-lock system calls, on
// PostgreSQL a round trip.
import type { ActiveSession, KeyOwner } from './sign-in-lookups.ts';

const MAX_ENTRIES = 10_000;

interface EpochWaiter {
  resolve: (epoch: number) => void;
  reject: (error: unknown) => void;
}

export class SignInCache {
  private epoch = -1;
  private readonly sessions = new Map<string, ActiveSession>();
  private readonly keys = new Map<string, KeyOwner>();
  private waiting: EpochWaiter[] = [];

  constructor(private readonly readEpoch: () => number | Promise<number>) {}

  /**
   * The committed epoch, read after this call was made (shared with the other calls of this turn), forgetting
   * everything when it has moved. Returns it: what a lookup loads is filed under it.
   */
  currentEpoch(): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ resolve, reject }) === 1) setImmediate(() => void this.readForWaiting());
    });
  }

  private async readForWaiting(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const epoch = await this.readEpoch();
      if (epoch > this.epoch) {
        this.sessions.clear();
        this.keys.clear();
        this.epoch = epoch;
      }
      for (const waiter of batch) waiter.resolve(epoch);
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
    }
  }

  /**
   * The session behind a token's (raw) session id: as remembered, else loaded from the database and remembered.
   * The epoch is read before anything else, which is what keeps this exact. Expiry is the caller's to check.
   */
  findSession(rawId: string, load: () => Promise<ActiveSession | undefined>): Promise<ActiveSession | undefined> {
    return this.find(this.sessions, rawId, load);
  }

  /** The unrevoked key pair with this access key and its owner, as findSession does it; the secret is the caller's to check. */
  findKeyOwner(accessKey: string, load: () => Promise<KeyOwner | undefined>): Promise<KeyOwner | undefined> {
    return this.find(this.keys, accessKey, load);
  }

  private async find<T>(map: Map<string, T>, key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const epoch = await this.currentEpoch();
    const known = map.get(key);
    if (known) return known;
    const loaded = await load();
    if (loaded) this.remember(map, epoch, key, loaded);
    return loaded;
  }

  /** Keeps what a lookup read only if the epoch it started from is still the newest seen (see the top). */
  private remember<T>(map: Map<string, T>, epoch: number, key: string, value: T): void {
    if (epoch !== this.epoch) return;
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, value);
  }
}
