// The caller's membership in a workspace named by a request, or 400/92. A key, and every token opened with it, is confined to its own workspace.
import type { AuthedContext } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import type { Actor } from './policy.ts';
import type { Db } from '../db/database.ts';
import { findWorkspace, findMembership, lockWorkspace } from './store.ts';

export async function requireMembership(ctx: AuthedContext, workspaceId: string) {
  const { identity, services } = ctx;
  if (identity.credentialId && workspaceId !== identity.workspaceId) throw errors.notMember(workspaceId);
  const membership = await findMembership(services.db, workspaceId, identity.userId);
  const workspace = membership ? await findWorkspace(services.db, workspaceId) : undefined;
  if (!membership || !workspace) throw errors.notMember(workspaceId);
  const actor: Actor = { role: membership.role, serverRole: identity.serverRole };
  return { workspace, actor };
}

/**
 * The workspace locked for a change of its membership or settings, with the caller's role as it is now: read again
 * under the lock, since a role read before it may have changed meanwhile (an owner demoted while removing the others).
 */
export async function lockAsMember(ctx: AuthedContext, tx: Db, workspaceId: string) {
  const { identity } = ctx;
  const workspace = await lockWorkspace(tx, workspaceId);
  const membership = workspace ? await findMembership(tx, workspaceId, identity.userId) : undefined;
  if (!workspace || !membership) throw errors.notMember(workspaceId);
  const actor: Actor = { role: membership.role, serverRole: identity.serverRole };
  return { workspace, actor };
}
