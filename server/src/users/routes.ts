import { defineEndpoint } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { isoTime } from '../shared/time.ts';
import { SERVER_VERSION } from '../shared/version.ts';
import { clearmlRole } from '../auth/identity.ts';
import { assertAcceptablePassword, hashPassword } from '../auth/passwords.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { confirmPassword } from '../auth/confirm-password.ts';
import { assertValidName } from './accounts.ts';
import { findMembership } from '../workspaces/store.ts';
import { authorize } from '../policies/index.ts';
import { applyPreferences } from './preferences.ts';
import { recordEvent } from '../audit/record.ts';
import { notifySecurityEvent } from '../mail/security-notices.ts';
import { addressState } from '../email-addresses/store.ts';
import {
  findUserById,
  listWorkspaceUsers,
  lockUser,
  readPreferences,
  readPreferencesForUpdate,
  swapPasswordHash,
  updateUserNames,
  writePreferences,
  type UserRow,
} from './store.ts';

const GETTING_STARTED = { agentName: 'clearml-agent', configure: 'clearml-init', install: 'pip install clearml', packageName: 'clearml' };

function publicUser(row: UserRow, workspaceId: string) {
  return {
    id: row.id,
    name: row.name,
    ...(row.given_name ? { given_name: row.given_name } : {}),
    ...(row.family_name ? { family_name: row.family_name } : {}),
    email: row.email,
    company: workspaceId,
    created: isoTime(row.created_at),
  };
}


export const userEndpoints = [
  defineEndpoint({
    name: 'users.get_current_user',
    auth: 'required',
    changesState: false,
    beforeTwoFactor: true,
    async handle(ctx) {
      const { identity, services } = ctx;
      authorize(ctx, 'user_account.read', { userId: identity.userId });
      const { profile } = identity;
      const address = await addressState(services.db, identity.userId, identity.email, services.now());
      return {
        user: {
          id: identity.userId,
          name: identity.userName,
          ...(profile.givenName ? { given_name: profile.givenName } : {}),
          ...(profile.familyName ? { family_name: profile.familyName } : {}),
          email: identity.email,
          email_verified: address.verified,
          pending_email: address.pendingEmail,
          mail_available: services.mail !== undefined,
          created: profile.created,
          created_in_version: SERVER_VERSION,
          company: { id: identity.workspaceId, name: identity.workspaceName, requires_two_factor: identity.twoFactor.workspaceRequires },
          two_factor_enabled: identity.twoFactor.enabled,
          role: clearmlRole(identity),
          server_role: identity.serverRole,
          workspace_role: identity.memberRole,
        },
        getting_started: GETTING_STARTED,
        settings: { max_download_items: 50000 },
      };
    },
  }),

  defineEndpoint({
    name: 'users.update',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      authorize(ctx, 'user_account.rename', { userId: params.user });
      const fields: { name?: string; given_name?: string | null; family_name?: string | null } = {};
      if (params.name !== undefined) fields.name = assertValidName(params.name);
      if (params.given_name !== undefined) fields.given_name = params.given_name || null;
      if (params.family_name !== undefined) fields.family_name = params.family_name || null;
      // what changed is read under the row's lock, so of two calls making the same change only one reports it
      return services.db.transaction().execute(async (tx) => {
        // administrators may rename others, but only people of the workspace they are acting in
        if (params.user !== identity.userId && !(await findMembership(tx, identity.workspaceId, params.user))) {
          throw errors.invalidUserId(`No user with id ${params.user} in this workspace`);
        }
        const target = await lockUser(tx, params.user);
        if (!target) throw errors.invalidUserId(`No user with id ${params.user}`);
        const changed = Object.fromEntries(Object.entries(fields).filter(([key, value]) => target[key as keyof UserRow] !== value));
        if (Object.keys(changed).length === 0) return { updated: 0, fields: {} };
        await updateUserNames(tx, target.id, changed);
        return { updated: 1, fields: changed };
      });
    },
  }),

  defineEndpoint({
    name: 'users.change_password',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    async handle(ctx, params) {
      const { services, identity, request } = ctx;
      const { db } = services;
      authorize(ctx, 'user_account.change_password', { userId: identity.userId });
      const user = await findUserById(db, identity.userId);
      if (!user) throw errors.invalidUser('Failed loading user');
      assertAcceptablePassword(params.new_password, user.email);
      if (params.old_password === params.new_password) throw errors.validation('The new password must differ from the current one');
      const confirmed = await confirmPassword(services, user, params.old_password, request, 'old_password');
      await confirmed.succeeded();
      const passwordHash = await hashPassword(params.new_password);
      const signedOut = await db.transaction().execute(async (tx) => {
        // only over the password just checked: of two changes at once, one is made, the other told so
        if (!(await swapPasswordHash(tx, user.id, user.password_hash, passwordHash))) return undefined;
        await recordEvent(tx, ctx, { kind: 'password.changed', actor: user.id, subject: user.id, details: { ended_other_sessions: params.end_other_sessions !== false } });
        if (params.end_other_sessions === false) return 0;
        return revokeUserSessions(tx, user.id, services.now(), identity.sessionId);
      });
      if (signedOut === undefined) {
        throw errors.conflict('Your password was changed by another request at the same time, so this change was not made. Use the password now in force.');
      }
      notifySecurityEvent(services, user, { kind: 'password.changed' }, request);
      return { updated: 1, other_sessions_signed_out: signedOut };
    },
  }),

  defineEndpoint({
    name: 'users.get_preferences',
    auth: 'required',
    changesState: false,
    beforeTwoFactor: true,
    async handle(ctx) {
      const { services, identity } = ctx;
      authorize(ctx, 'user_account.read_preferences', { userId: identity.userId });
      return { preferences: await readPreferences(services.db, identity.userId) };
    },
  }),

  defineEndpoint({
    name: 'users.set_preferences',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const { db } = services;
      authorize(ctx, 'user_account.set_preferences', { userId: identity.userId });
      return db.transaction().execute(async (tx) => {
        // read under the row's lock: parallel changes are applied one after another, none lost
        const current = await readPreferencesForUpdate(tx, identity.userId);
        const { changed, preferences } = applyPreferences(current, params.preferences);
        if (!changed) return { updated: 0, fields: {} };
        await writePreferences(tx, identity.userId, preferences);
        return { updated: 1, fields: params.return_updated === false ? {} : { preferences } };
      });
    },
  }),

  defineEndpoint({
    name: 'users.get_all',
    auth: 'required',
    changesState: false,
    authorize: 'user_account.list_in_workspace',
    async handle({ services, identity }, params) {
      const needle = params.name?.toLowerCase();
      let rows = await listWorkspaceUsers(services.db, identity.workspaceId, { ...(params.id ? { ids: params.id } : {}) });
      if (needle) rows = rows.filter((row) => row.name.toLowerCase().includes(needle));
      if (params.page_size !== undefined) {
        const page = params.page ?? 0;
        rows = rows.slice(page * params.page_size, (page + 1) * params.page_size);
      }
      const users = rows.map((row) => publicUser(row, identity.workspaceId));
      const only = params.only_fields;
      return {
        users: only ? users.map((user) => Object.fromEntries(Object.entries(user).filter(([key]) => key === 'id' || only.includes(key)))) : users,
      };
    },
  }),
];
