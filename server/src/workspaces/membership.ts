// The caller's membership in a workspace named by a request, or 400/92. A key, and every token opened with it, is confined to its own workspace.
import type { AuthedContext } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import type { Actor } from './policy.ts';
import { findWorkspace, findMembership } from './store.ts';

export async function requireMembership(ctx: AuthedContext, workspaceId: string) {
  const { identity, services } = ctx;
  if (identity.credentialId && workspaceId !== identity.workspaceId) throw errors.notMember(workspaceId);
  const membership = await findMembership(services.db, workspaceId, identity.userId);
  const workspace = membership ? await findWorkspace(services.db, workspaceId) : undefined;
  if (!membership || !workspace) throw errors.notMember(workspaceId);
  const actor: Actor = { role: membership.role, serverRole: identity.serverRole };
  return { workspace, actor };
}
