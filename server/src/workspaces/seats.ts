// A workspace's seats: its member limit (its own, capped by the server's), the members, and the seats open
// invitations hold. The one place every count of seats comes from.
import type { Db } from '../db/database.ts';
import type { WorkspacesTable } from '../db/schema.ts';
import { countMembers } from './store.ts';

/** Pure rule: a workspace's own limit, capped by the server-wide one; null means no limit. */
export function effectiveMemberLimit(workspaceLimit: number | null, serverLimit: number | null): number | null {
  if (workspaceLimit === null) return serverLimit;
  if (serverLimit === null) return workspaceLimit;
  return Math.min(workspaceLimit, serverLimit);
}

/**
 * Pure rule: seats in use are the members, plus the open uses of single-use links bound to one email address (each
 * will become exactly one member). Open multi-use links hold no seat: they are checked when accepted.
 */
export function seatsLeft(allowed: number | null, members: number, heldByInvites: number): number | null {
  if (allowed === null) return null;
  return Math.max(0, allowed - members - heldByInvites);
}

/** Open single-use links bound to one email address; exceptInviteId leaves out the link being used (its seat is its own). */
export async function countHeldSeats(db: Db, workspaceId: string, now: number, exceptInviteId?: string): Promise<number> {
  let query = db
    .selectFrom('invites')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('email', 'is not', null)
    .where('max_uses', '=', 1)
    .where('uses', '=', 0)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now);
  if (exceptInviteId) query = query.where('id', '!=', exceptInviteId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export interface Seats {
  allowed: number | null;
  members: number;
  heldByInvites: number;
  left: number | null;
}

/** The seats of a workspace now, as the database (or the transaction holding its lock) has them. */
export async function seatsOf(
  db: Db,
  serverMaxMembers: number | null,
  workspace: Pick<WorkspacesTable, 'id' | 'max_members'>,
  now: number,
  exceptInviteId?: string,
): Promise<Seats> {
  const allowed = effectiveMemberLimit(workspace.max_members, serverMaxMembers);
  const members = await countMembers(db, workspace.id);
  const heldByInvites = await countHeldSeats(db, workspace.id, now, exceptInviteId);
  return { allowed, members, heldByInvites, left: seatsLeft(allowed, members, heldByInvites) };
}
