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
import type { KeyOwner } from '../credentials/store.ts';
import type { ActiveSession } from './sessions.ts';

const MAX_ENTRIES = 10_000;

export class SignInCache {
  private epoch = -1;
  private readonly sessions = new Map<string, ActiveSession>();
  private readonly keys = new Map<string, KeyOwner>();

  constructor(private readonly readEpoch: () => number | Promise<number>) {}

  /** Reads the committed epoch, forgetting everything when it has moved. Returns it, for remember*(). */
  async currentEpoch(): Promise<number> {
    const epoch = await this.readEpoch();
    if (epoch > this.epoch) {
      this.sessions.clear();
      this.keys.clear();
      this.epoch = epoch;
    }
    return epoch;
  }

  /**
   * The session behind a token's (raw) session id: as remembered, else loaded from the database and remembered.
   * The epoch is read before anything else, which is what keeps this exact. Expiry is the caller's to check.
   */
  async findSession(rawId: string, load: () => Promise<ActiveSession | undefined>): Promise<ActiveSession | undefined> {
    const epoch = await this.currentEpoch();
    const known = this.session(rawId);
    if (known) return known;
    const loaded = await load();
    if (loaded) this.rememberSession(epoch, rawId, loaded);
    return loaded;
  }

  /** The unrevoked key pair with this access key and its owner, as findSession does it; the secret is the caller's to check. */
  async findKeyOwner(accessKey: string, load: () => Promise<KeyOwner | undefined>): Promise<KeyOwner | undefined> {
    const epoch = await this.currentEpoch();
    const known = this.keyOwner(accessKey);
    if (known) return known;
    const loaded = await load();
    if (loaded) this.rememberKeyOwner(epoch, accessKey, loaded);
    return loaded;
  }

  /** The session behind a token's (raw) session id, as last checked; expiry is the caller's to check. */
  session(rawId: string): ActiveSession | undefined {
    return this.sessions.get(rawId);
  }

  rememberSession(epoch: number, rawId: string, session: ActiveSession): void {
    if (epoch === this.epoch) remember(this.sessions, rawId, session);
  }

  /** The unrevoked key pair with this access key and its owner, as last checked; the secret is the caller's to check. */
  keyOwner(accessKey: string): KeyOwner | undefined {
    return this.keys.get(accessKey);
  }

  rememberKeyOwner(epoch: number, accessKey: string, owner: KeyOwner): void {
    if (epoch === this.epoch) remember(this.keys, accessKey, owner);
  }
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, value);
}
