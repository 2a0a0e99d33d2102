// Coalesces "last used" updates: remembered in memory, written in one batch every few seconds and at shutdown.
// The write only moves last_used forward, so several nodes flushing in any order keep the newest use.
import type { Db } from '../db/database.ts';

interface Use {
  at: number;
  from: string;
  client: string | null;
}

export class LastUsedRecorder {
  private pending = new Map<string, Use>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly flushEveryMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(credentialId: string, use: Use): void {
    this.pending.set(credentialId, use);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.flushEveryMs);
      this.timer.unref();
    }
  }

  /** Writes everything pending. Safe to call at any time; calls run one after another. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending()).catch(this.onError);
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending = new Map();
    try {
      await this.writeBatch(batch);
    } catch (error) {
      // keep what could not be written, unless a newer use of the same key arrived meanwhile
      for (const [id, use] of batch) if (!this.pending.has(id)) this.pending.set(id, use);
      throw error;
    }
  }

  private async writeBatch(batch: Array<[string, Use]>): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const [id, use] of batch) {
        await tx
          .updateTable('credentials')
          .set({ last_used_at: use.at, last_used_from: use.from, last_used_client: use.client })
          .where('id', '=', id)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', use.at)]))
          .execute();
      }
    });
  }
}
