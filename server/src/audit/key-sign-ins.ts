// A key pair signs in each time an SDK process or agent starts, often many times an hour from the same machine. The
// log keeps the first sign-in from each place (key pair, address, client, worker) in an hour on this node, so it
// shows where a key is used without one entry per training run.
const WINDOW_MS = 3600_000;
const MAX_PLACES = 10_000;

export class KeySignInLog {
  private readonly lastRecorded = new Map<string, number>();

  /** true when this sign-in is to be recorded (and it then counts as recorded) */
  shouldRecord(credentialId: string, place: { ip: string | null; client: string | null; worker: string | null }, now: number): boolean {
    const key = `${credentialId}\u0000${place.ip ?? ''}\u0000${place.client ?? ''}\u0000${place.worker ?? ''}`;
    const last = this.lastRecorded.get(key);
    if (last !== undefined && now - last < WINDOW_MS) return false;
    if (this.lastRecorded.size >= MAX_PLACES) this.lastRecorded.clear();
    this.lastRecorded.set(key, now);
    return true;
  }
}
