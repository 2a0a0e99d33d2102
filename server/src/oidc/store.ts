// The tables of sign-ins with OpenID Connect providers (migration 022): flows under way, linked identities, and the
// memberships the providers' rules gave.
import type { Db } from '../db/database.ts';
import type { OidcFlowsTable } from '../db/schema.ts';
import { sha256Hex } from '../shared/ids.ts';

export type FlowRow = OidcFlowsTable;

export async function insertFlow(db: Db, flow: Omit<FlowRow, 'token_hash'> & { token: string }): Promise<void> {
  const { token, ...row } = flow;
  await db.insertInto('oidc_flows').values({ ...row, token_hash: sha256Hex(token) }).execute();
}

/**
 * Uses the flow up: one conditional delete, so of two callbacks with the same token (a replay, a double click) one
 * gets the row and the other nothing. An expired row is used up too, and told apart by its expiry.
 */
export async function takeFlow(db: Db, token: string, stage: FlowRow['stage']): Promise<FlowRow | undefined> {
  return db.deleteFrom('oidc_flows').where('token_hash', '=', sha256Hex(token)).where('stage', '=', stage).returningAll().executeTakeFirst();
}

export async function findFlow(db: Db, token: string, stage: FlowRow['stage']): Promise<FlowRow | undefined> {
  return db.selectFrom('oidc_flows').selectAll().where('token_hash', '=', sha256Hex(token)).where('stage', '=', stage).executeTakeFirst();
}

/** Flows nobody finished (the person closed the tab at the provider), an hour after they expired. */
export async function deleteStaleFlows(db: Db, now: number): Promise<void> {
  await db.deleteFrom('oidc_flows').where('expires_at', '<', now - 60 * 60 * 1000).execute();
}

export async function findIdentity(db: Db, providerId: string, subject: string) {
  return db.selectFrom('oidc_identities').selectAll().where('provider_id', '=', providerId).where('subject', '=', subject).executeTakeFirst();
}

export async function insertIdentity(db: Db, input: { providerId: string; subject: string; userId: string; email: string; now: number }): Promise<void> {
  await db
    .insertInto('oidc_identities')
    .values({ provider_id: input.providerId, subject: input.subject, user_id: input.userId, email: input.email, linked_at: input.now, last_sign_in_at: input.now })
    .execute();
}

export async function touchIdentity(db: Db, providerId: string, subject: string, email: string, now: number): Promise<void> {
  await db.updateTable('oidc_identities').set({ email, last_sign_in_at: now }).where('provider_id', '=', providerId).where('subject', '=', subject).execute();
}

export async function listIdentities(db: Db, userId: string) {
  return db.selectFrom('oidc_identities').selectAll().where('user_id', '=', userId).orderBy('linked_at', 'asc').execute();
}

/** The person's memberships, with the role each rule-given one was given by this provider's rules (or null). */
export async function membershipsWithGrants(db: Db, userId: string) {
  const memberships = await db.selectFrom('memberships').select(['workspace_id', 'role']).where('user_id', '=', userId).execute();
  const grants = await db.selectFrom('oidc_memberships').select(['workspace_id', 'role', 'provider_id']).where('user_id', '=', userId).execute();
  return { memberships, grants };
}

export async function writeGrant(db: Db, input: { workspaceId: string; userId: string; providerId: string; role: 'member' | 'admin'; now: number }): Promise<void> {
  await db
    .insertInto('oidc_memberships')
    .values({ workspace_id: input.workspaceId, user_id: input.userId, provider_id: input.providerId, role: input.role, granted_at: input.now })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ provider_id: input.providerId, role: input.role }))
    .execute();
}

export async function deleteGrant(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.deleteFrom('oidc_memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

/** The workspaces rules name, by id or by name (a name that several workspaces share matches none: ambiguous). */
export async function resolveWorkspaces(db: Db, refs: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  const resolved = new Map<string, { id: string; name: string }>();
  if (refs.length === 0) return resolved;
  const rows = await db
    .selectFrom('workspaces')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('id', 'in', refs), eb('name', 'in', refs)]))
    .execute();
  for (const ref of refs) {
    const byId = rows.find((row) => row.id === ref);
    const byName = rows.filter((row) => row.name === ref);
    const match = byId ?? (byName.length === 1 ? byName[0] : undefined);
    if (match) resolved.set(ref, match);
  }
  return resolved;
}
