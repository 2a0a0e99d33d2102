// The first administrator: from FOYER_ADMIN_EMAIL/FOYER_ADMIN_PASSWORD, or through a one-time setup link.
// There is never a default password.
import type { Services } from '../services.ts';
import { errors } from '../http/errors.ts';
import { countUsers, findUserByEmail } from '../users/store.ts';
import { createUserAccount } from '../users/accounts.ts';
import { randomToken, sha256Hex } from '../shared/ids.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from './identity.ts';
import { signInWorkspace } from '../workspaces/store.ts';

const SETUP_LINK_LIFETIME_MS = 24 * 3600 * 1000;

export async function isSetupRequired(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

/** Creates the administrator named in the configuration unless that account exists. */
export async function ensureConfiguredAdmin(services: Services): Promise<'created' | 'exists' | 'not-configured'> {
  const { adminEmail, adminPassword, mode } = services.config;
  if (!adminEmail || !adminPassword) return 'not-configured';
  if (await findUserByEmail(services.db, adminEmail)) return 'exists';
  await createUserAccount(services.db, mode, { email: adminEmail, password: adminPassword, name: 'Administrator', serverRole: 'admin', now: services.now() });
  return 'created';
}

/** A new one-time link token; older unused ones stop working. */
export async function createSetupToken(db: Db, now: number): Promise<string> {
  const token = randomToken(32);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('setup_tokens').where('used_at', 'is', null).execute();
    await tx.insertInto('setup_tokens').values({ token_hash: sha256Hex(token), created_at: now, expires_at: now + SETUP_LINK_LIFETIME_MS, used_at: null }).execute();
  });
  return token;
}

export async function completeFirstAdminSetup(
  services: Services,
  input: { token: string; email: string; password: string; name: string },
): Promise<Principal> {
  const { db } = services;
  const now = services.now();
  const claimed = await db
    .updateTable('setup_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', sha256Hex(input.token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) {
    throw errors.badRequest('This setup link is invalid, expired or already used. Restart the server to print a new one.');
  }
  if (!(await isSetupRequired(db))) throw errors.badRequest('The first administrator already exists; sign in instead.');
  try {
    const { userId } = await createUserAccount(db, services.config.mode, { ...input, serverRole: 'admin', now });
    const user = (await findUserByEmail(db, input.email))!;
    const workspace = (await signInWorkspace(db, userId, null))!;
    return {
      userId,
      userName: user.name,
      email: user.email,
      serverRole: 'admin',
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      memberRole: workspace.role,
    };
  } catch (error) {
    // a rejected email or password must not burn the link
    await db.updateTable('setup_tokens').set({ used_at: null }).where('token_hash', '=', sha256Hex(input.token)).execute();
    throw error;
  }
}
