// Creating a person's account: the user row and the workspace membership the deployment mode calls for.
import type { Db } from '../db/database.ts';
import type { Config } from '../config.ts';
import type { ServerRole } from '../db/schema.ts';
import { errors } from '../http/errors.ts';
import { assertAcceptablePassword, hashPassword } from '../auth/passwords.ts';
import { isUniqueViolation } from '../db/database.ts';
import { newId } from '../shared/ids.ts';
import { insertMembership, insertWorkspace, lockWorkspace } from '../workspaces/store.ts';
import { claimSetting, readSetting } from '../server-info/settings.ts';
import { EMAIL_PATTERN, MAX_EMAIL_LENGTH, normalizeEmail } from '@foyer/contract';
import { insertUser } from './store.ts';

const DEFAULT_WORKSPACE_SETTING = 'default_workspace_id';

/**
 * In single mode, the one workspace everybody belongs to; created on first use. Two first calls at once (two nodes,
 * or two sign-ups) agree: each claims the setting with the id of a workspace it is about to make, and only the one
 * whose claim lands makes it; the other waits for that claim (a unique key) and reads it.
 */
export async function defaultWorkspaceId(db: Db, now: number, name: string): Promise<string> {
  const existing = await readSetting<string>(db, DEFAULT_WORKSPACE_SETTING);
  if (existing) return existing;
  const id = newId();
  const claimed = await db.transaction().execute(async (tx) => {
    if (!(await claimSetting(tx, DEFAULT_WORKSPACE_SETTING, id))) return false;
    await insertWorkspace(tx, { id, name, now });
    return true;
  });
  if (claimed) return id;
  const winner = await readSetting<string>(db, DEFAULT_WORKSPACE_SETTING);
  if (!winner) throw new Error('The default workspace setting vanished while it was being created');
  return winner;
}

function assertValidEmail(email: string): void {
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(email)) throw errors.validation(`"${email.slice(0, 80)}" is not a valid email address`);
}

export function assertValidName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed.length === 0) throw errors.validation('The name must not be empty');
  if (trimmed.length > 100) throw errors.validation('The name must be at most 100 characters');
  return trimmed;
}

export interface NewAccount {
  email: string;
  password: string;
  name: string;
  serverRole: ServerRole;
  now: number;
  /** single mode: join the one workspace (false when an invitation will add the person instead) */
  joinDefaultWorkspace?: boolean;
  /** the address counts as verified from the start: the first administrator, set up by the server's operator */
  emailVerified?: boolean;
}

/** Validates and hashes outside any transaction (argon2 takes a few milliseconds). */
export async function prepareAccount(input: NewAccount) {
  const email = normalizeEmail(input.email);
  assertValidEmail(email);
  const name = assertValidName(input.name);
  assertAcceptablePassword(input.password, email);
  return { email, name, passwordHash: await hashPassword(input.password) };
}

/** The deployment an account is made in: its mode, and (single mode) the name its one workspace gets. */
export type Deployment = Pick<Config, 'mode' | 'workspaceName'>;

/** Inserts the user and the membership the mode calls for, inside the caller's transaction. */
export async function insertUserAccount(
  tx: Db,
  mode: Config['mode'],
  input: NewAccount & { prepared: Awaited<ReturnType<typeof prepareAccount>>; defaultWorkspace?: string },
): Promise<{ userId: string; workspaceId: string | undefined }> {
  const { email, name, passwordHash } = input.prepared;
  const userId = newId();
  try {
    await insertUser(tx, { id: userId, email, name, passwordHash, serverRole: input.serverRole, now: input.now, emailVerified: input.emailVerified === true });
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.alreadyExists(`An account with the email ${email} already exists`);
    throw error;
  }
  if (mode === 'single') {
    if (input.joinDefaultWorkspace === false || !input.defaultWorkspace) return { userId, workspaceId: undefined };
    // whether an administrator becomes the owner depends on whether there is one: decided one at a time
    if (input.serverRole === 'admin') await lockWorkspace(tx, input.defaultWorkspace);
    const hasOwner = await tx.selectFrom('memberships').select('user_id').where('workspace_id', '=', input.defaultWorkspace).where('role', '=', 'owner').executeTakeFirst();
    const role = input.serverRole === 'admin' ? (hasOwner ? 'admin' : 'owner') : 'member';
    await insertMembership(tx, { workspaceId: input.defaultWorkspace, userId, role, now: input.now });
    return { userId, workspaceId: input.defaultWorkspace };
  }
  const workspaceId = await insertWorkspace(tx, { name: `${name}'s workspace`, personalOfUserId: userId, now: input.now });
  await insertMembership(tx, { workspaceId, userId, role: 'owner', now: input.now });
  return { userId, workspaceId };
}

export async function createUserAccount(db: Db, deployment: Deployment, input: NewAccount): Promise<{ userId: string; workspaceId: string }> {
  const { mode } = deployment;
  const prepared = await prepareAccount(input);
  const defaultWorkspace = mode === 'single' ? await defaultWorkspaceId(db, input.now, deployment.workspaceName) : undefined;
  try {
    return await db.transaction().execute(async (tx) => {
      const result = await insertUserAccount(tx, mode, { ...input, prepared, ...(defaultWorkspace ? { defaultWorkspace } : {}) });
      return { userId: result.userId, workspaceId: result.workspaceId ?? '' };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.alreadyExists(`An account with the email ${prepared.email} already exists`);
    throw error;
  }
}
