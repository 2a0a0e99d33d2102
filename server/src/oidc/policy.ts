// Whether a password still signs a person in: FOYER_PASSWORD_SIGNIN, and the workspaces of theirs that require single
// sign-on (policies/sso.ts decides). Key pairs never come here: they keep working for the SDK and agents.
import type { Db } from '../db/database.ts';
import type { Services } from '../services.ts';
import type { UserRow } from '../users/store.ts';
import { authorize } from '../policies/index.ts';

/** "Corp ID", "Corp ID or Google", "Corp ID, Google or Okta". */
export function providerNames(providers: readonly { name: string }[]): string {
  const names = providers.map((provider) => provider.name);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** The workspaces that require single sign-on of the person: those of theirs with the rule, where they are not an owner. */
export async function workspacesRequiringSso(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('oidc_workspace_policies as p', 'p.workspace_id', 'm.workspace_id')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select('w.name')
    .where('m.user_id', '=', userId)
    .where('p.require_sso', '=', 1)
    .where('m.role', '!=', 'owner')
    .orderBy('w.name')
    .execute();
  return rows.map((row) => row.name);
}

/** After the right password, before the session opens: refused (403, action sso.sign_in_with_password) where the policy says so. */
export async function refusePasswordSignInByPolicy(services: Services, user: Pick<UserRow, 'id' | 'server_role'>): Promise<void> {
  const { config } = services;
  const requiredBy = config.oidcProviders.length > 0 ? await workspacesRequiringSso(services.db, user.id) : [];
  authorize({ identity: undefined }, 'sso.sign_in_with_password', {
    serverWideOff: !config.passwordSignIn,
    serverAdmin: user.server_role === 'admin',
    requiredBy,
    providerNames: providerNames(config.oidcProviders),
  });
}

export async function readWorkspacePolicy(db: Db, workspaceId: string): Promise<boolean> {
  const row = await db.selectFrom('oidc_workspace_policies').select('require_sso').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return Number(row?.require_sso ?? 0) === 1;
}

export async function writeWorkspacePolicy(db: Db, input: { workspaceId: string; requireSso: boolean; userId: string; now: number }): Promise<void> {
  const values = { require_sso: input.requireSso ? 1 : 0, changed_by: input.userId, changed_at: input.now };
  await db
    .insertInto('oidc_workspace_policies')
    .values({ workspace_id: input.workspaceId, ...values })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
    .execute();
}

/** The owners, who keep their password while the workspace requires single sign-on. */
export async function breakGlassOwners(db: Db, workspaceId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.role', '=', 'owner')
    .orderBy('u.name')
    .execute();
}
