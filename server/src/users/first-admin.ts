// The first administrator: from FOYER_ADMIN_EMAIL/FOYER_ADMIN_PASSWORD, or through a one-time setup link.
// There is never a default password.
import type { Services } from '../services.ts';
import { errors } from '../http/errors.ts';
import { countUsers, findUserByEmail, findUserById } from './store.ts';
import { createUserAccount, defaultWorkspaceId, insertUserAccount, prepareAccount } from './accounts.ts';
import { claimSetting } from '../server-info/settings.ts';
import { randomToken, sha256Hex } from '../shared/ids.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../auth/identity.ts';
import { signInWorkspace } from '../workspaces/store.ts';

const SETUP_LINK_LIFETIME_MS = 24 * 3600 * 1000;
/** Set, with the time, by the setup that made the first administrator: no second setup can. */
const FIRST_ADMIN_SETTING = 'first_admin_set_up_at';

export async function isSetupRequired(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

/**
 * Creates the administrator named in the configuration unless that account exists. Several nodes starting at once
 * may all try: one creates it, the others find it ('exists').
 */
export async function ensureConfiguredAdmin(services: Services): Promise<'created' | 'exists' | 'not-configured'> {
  const { adminEmail, adminPassword } = services.config;
  if (!adminEmail || !adminPassword) return 'not-configured';
  if (await findUserByEmail(services.db, adminEmail)) return 'exists';
  try {
    await createUserAccount(services.db, services.config, { email: adminEmail, password: adminPassword, name: 'Administrator', serverRole: 'admin', now: services.now(), emailVerified: true });
  } catch (error) {
    if (await findUserByEmail(services.db, adminEmail)) return 'exists'; // another node made it first
    throw error;
  }
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

const invalidLink = () => errors.badRequest('This setup link is invalid, expired or already used. Restart the server to print a new one.');
const alreadySetUp = () => errors.badRequest('The first administrator already exists; sign in instead.');

/**
 * The setup link's account. Each node prints its own link, so several may be valid at once: the claim of the link,
 * the claim of FIRST_ADMIN_SETTING (a unique key, so one setup at a time and only one ever), the check that there is
 * no account yet and the account itself are one transaction. Whatever refuses it rolls back all of it: a refusal
 * does not burn the link.
 */
export async function completeFirstAdminSetup(
  services: Services,
  input: { token: string; email: string; password: string; name: string },
): Promise<Principal> {
  const { db, config } = services;
  const now = services.now();
  const tokenHash = sha256Hex(input.token);
  const link = await db
    .selectFrom('setup_tokens')
    .select('token_hash')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!link) throw invalidLink();
  if (!(await isSetupRequired(db))) throw alreadySetUp();
  // the operator who started the server (and read its setup link) sets up this account: its address counts as
  // verified, as no mail may be possible yet, and a verified address only matters to bound invitations, which the
  // server's administrator does not need
  const newAccount = { ...input, serverRole: 'admin' as const, now, emailVerified: true };
  const prepared = await prepareAccount(newAccount); // argon2, outside the transaction
  const defaultWorkspace = config.mode === 'single' ? await defaultWorkspaceId(db, now, config.workspaceName) : undefined;
  const { userId } = await db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('setup_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw invalidLink();
    if (!(await claimSetting(tx, FIRST_ADMIN_SETTING, now)) || (await countUsers(tx)) > 0) throw alreadySetUp();
    return insertUserAccount(tx, config.mode, { ...newAccount, prepared, ...(defaultWorkspace ? { defaultWorkspace } : {}) });
  });
  const user = (await findUserById(db, userId))!;
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
}
