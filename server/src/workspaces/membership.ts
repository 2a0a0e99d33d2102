// The caller's membership in a workspace named by a request, or 400/92. A key, and every token opened with it, is
// confined to its own workspace (credentials.reach_workspace, asked here for every workspace a request names).
import type { AuthedContext } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { authorize } from '../policies/index.ts';
import type { Db } from '../db/database.ts';
import { findWorkspace, findMembership, lockWorkspace } from './store.ts';

export function reachWorkspace(ctx: AuthedContext, workspaceId: string): void {
  authorize(ctx, 'credentials.reach_workspace', { workspaceId });
}

export async function requireMembership(ctx: AuthedContext, workspaceId: string) {
  const { identity, services } = ctx;
  reachWorkspace(ctx, workspaceId);
  const membership = await findMembership(services.db, workspaceId, identity.userId);
  const workspace = membership ? await findWorkspace(services.db, workspaceId) : undefined;
  if (!membership || !workspace) throw errors.notMember(workspaceId);
  return { workspace, role: membership.role };
}

/**
 * The workspace locked for a change of its membership or settings, with the caller's role as it is now: read again
 * under the lock, since a role read before it may have changed meanwhile (an owner demoted while removing the others).
 */
export async function lockAsMember(ctx: AuthedContext, tx: Db, workspaceId: string) {
  const { identity } = ctx;
  reachWorkspace(ctx, workspaceId);
  const workspace = await lockWorkspace(tx, workspaceId);
  const membership = workspace ? await findMembership(tx, workspaceId, identity.userId) : undefined;
  if (!workspace || !membership) throw errors.notMember(workspaceId);
  return { workspace, role: membership.role };
}

/** As lockAsMember, with the member a call acts on (a role change, a removal), or 400 when there is none. */
export async function lockWithMember(ctx: AuthedContext, tx: Db, workspaceId: string, userId: string) {
  const locked = await lockAsMember(ctx, tx, workspaceId);
  const target = await findMembership(tx, workspaceId, userId);
  if (!target) throw errors.badRequest(`No member with id ${userId} in this workspace`);
  return { ...locked, target: { userId, role: target.role } };
}
