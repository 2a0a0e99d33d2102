// Coalesces "last used" updates of key pairs, "last active" of workspace members and "last seen" of sessions: remembered in memory,
// written in one batch every few seconds and at shutdown. A write only moves a time forward, so several nodes
// flushing in any order keep the newest.
import type { Db } from '../db/database.ts';
import { storedSessionId, type SessionKey } from '../auth/sessions.ts';

const MEMBER_ACTIVITY_GRANULARITY_MS = 5 * 60 * 1000;
/** A session's "last seen" is kept to the minute: a session used every second writes once a minute. */
const SESSION_SEEN_GRANULARITY_MS = 60 * 1000;
const MAX_REMEMBERED = 10_000;

interface Use {
  at: number;
  /** the worker's name, else the address */
  from: string;
  client: string | null;
  worker: string | null;
}

export class LastUsedRecorder {
  private pending = new Map<string, Use>();
  /** uses of the secret a rotation replaced (each also counts as a use of the key pair, in `pending`) */
  private pendingPrevious = new Map<string, Use>();
  private activeMembers = new Map<string, { workspaceId: string; userId: string; at: number }>();
  private recentMembers = new Map<string, number>();
  private seenSessions = new Map<string, { userId: string; workspaceId: string; storedId: string; at: number }>();
  private recentSessions = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly flushEveryMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** A call made with a key pair, or a session it opened; `previousSecret`: made with the secret a rotation replaced. */
  record(credentialId: string, use: Use, previousSecret = false): void {
    this.pending.set(credentialId, use);
    if (previousSecret) this.pendingPrevious.set(credentialId, use);
    this.schedule();
  }

  /**
   * Members' "last active" is kept to a granularity: a use within it of the stored time, or of the last one this
   * node recorded, writes nothing.
   */
  recordMemberActivity(workspaceId: string, userId: string, at: number, storedAt: number | null | undefined): void {
    if (storedAt != null && at - storedAt < MEMBER_ACTIVITY_GRANULARITY_MS) return;
    const key = `${workspaceId}/${userId}`;
    const recent = this.recentMembers.get(key);
    if (recent !== undefined && at - recent < MEMBER_ACTIVITY_GRANULARITY_MS) return;
    if (this.recentMembers.size >= MAX_REMEMBERED) this.recentMembers.clear();
    this.recentMembers.set(key, at);
    this.activeMembers.set(key, { workspaceId, userId, at });
    this.schedule();
  }

  /** A call made with a session's token or cookie; the first use of a session (its sign-in) is its creation time. */
  recordSessionSeen(session: SessionKey, at: number): void {
    const recent = this.recentSessions.get(session.rawId);
    if (recent !== undefined && at - recent < SESSION_SEEN_GRANULARITY_MS) return;
    if (this.recentSessions.size >= MAX_REMEMBERED) this.recentSessions.clear();
    this.recentSessions.set(session.rawId, at);
    this.seenSessions.set(session.rawId, { userId: session.userId, workspaceId: session.workspaceId, storedId: storedSessionId(session.rawId), at });
    this.schedule();
  }

  private schedule(): void {
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
    if (this.pending.size === 0 && this.activeMembers.size === 0 && this.seenSessions.size === 0) return; // previous-secret uses are always in `pending` too
    const batch = [...this.pending];
    const previousBatch = [...this.pendingPrevious];
    this.pendingPrevious = new Map();
    const members = [...this.activeMembers];
    const sessions = [...this.seenSessions];
    this.pending = new Map();
    this.activeMembers = new Map();
    this.seenSessions = new Map();
    try {
      await this.writeBatch(batch, previousBatch, members.map(([, member]) => member), sessions.map(([, session]) => session));
    } catch (error) {
      // keep what could not be written, unless something newer arrived meanwhile
      for (const [id, use] of batch) if (!this.pending.has(id)) this.pending.set(id, use);
      for (const [id, use] of previousBatch) if (!this.pendingPrevious.has(id)) this.pendingPrevious.set(id, use);
      for (const [key, member] of members) if (!this.activeMembers.has(key)) this.activeMembers.set(key, member);
      for (const [key, session] of sessions) if (!this.seenSessions.has(key)) this.seenSessions.set(key, session);
      throw error;
    }
  }

  private async writeBatch(
    batch: Array<[string, Use]>,
    previousBatch: Array<[string, Use]>,
    members: Array<{ workspaceId: string; userId: string; at: number }>,
    sessions: Array<{ userId: string; workspaceId: string; storedId: string; at: number }>,
  ): Promise<void> {
    // rows in key order: two nodes flushing at once lock them in the same order, so neither waits on the other crosswise
    const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    members.sort((a, b) => byKey(a.workspaceId, b.workspaceId) || byKey(a.userId, b.userId));
    batch.sort(([a], [b]) => byKey(a, b));
    previousBatch.sort(([a], [b]) => byKey(a, b));
    sessions.sort((a, b) => byKey(a.userId, b.userId) || byKey(a.workspaceId, b.workspaceId) || byKey(a.storedId, b.storedId));
    await this.db.transaction().execute(async (tx) => {
      for (const { workspaceId, userId, at } of members) {
        await tx
          .updateTable('memberships')
          .set({ last_active_at: at })
          .where('workspace_id', '=', workspaceId)
          .where('user_id', '=', userId)
          .where((eb) => eb.or([eb('last_active_at', 'is', null), eb('last_active_at', '<', at)]))
          .execute();
      }
      for (const [id, use] of batch) {
        await tx
          .updateTable('credentials')
          .set({ last_used_at: use.at, last_used_from: use.from, last_used_client: use.client, last_used_worker: use.worker })
          .where('id', '=', id)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', use.at)]))
          .execute();
      }
      for (const [id, use] of previousBatch) {
        // only while the rotation it was made in lasts: a use recorded after a rollback or a later rotation is dropped
        await tx
          .updateTable('credentials')
          .set({ previous_used_at: use.at, previous_used_from: use.from, previous_used_client: use.client, previous_used_worker: use.worker })
          .where('id', '=', id)
          .where('previous_secret_hash', 'is not', null)
          .where('rotated_at', '<=', use.at)
          .where((eb) => eb.or([eb('previous_used_at', 'is', null), eb('previous_used_at', '<', use.at)]))
          .execute();
      }
      for (const { userId, workspaceId, storedId, at } of sessions) {
        await tx
          .updateTable('sessions')
          .set({ last_seen_at: at })
          .where('user_id', '=', userId)
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', storedId)
          .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', at)]))
          .execute();
      }
    });
  }
}
