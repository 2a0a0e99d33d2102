// What leaving or being removed from a workspace takes away, at once: the membership, the person's keys
// there, every session open in it, the invitations they had pending there, and their own cloud access rows there.
import type { Db } from '../db/database.ts';
import { revokeMemberCredentials } from '../credentials/store.ts';
import { revokeMembershipSessions } from '../auth/sessions.ts';
import { deleteMembership } from './store.ts';

export async function removeFromWorkspace(tx: Db, workspaceId: string, userId: string, now: number): Promise<{ revokedCredentials: number }> {
  await deleteMembership(tx, workspaceId, userId);
  const revoked = await revokeMemberCredentials(tx, userId, workspaceId, now);
  await revokeMembershipSessions(tx, userId, workspaceId, now);
  await tx
    .updateTable('invites')
    .set({ revoked_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('created_by', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  await tx.deleteFrom('storage_access').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
  await tx.updateTable('users').set({ active_workspace_id: null }).where('id', '=', userId).where('active_workspace_id', '=', workspaceId).execute();
  return { revokedCredentials: revoked.length };
}
