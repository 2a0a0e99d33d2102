import type { AuditDetails } from '@foyer/contract';
import { originOf, recordEvent, recordEvents, type AuditEntry } from '../audit/record.ts';
import { defineEndpoint, type AuthedContext } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { isoTime } from '../shared/time.ts';
import { issueSession } from '../auth/session-issue.ts';
import { revokeSession, sessionOf } from '../auth/sessions.ts';
import { listCredentials } from '../credentials/store.ts';
import { describeCredential } from '../credentials/routes.ts';
import { setActiveWorkspace } from '../users/store.ts';
import { abilities, actorOf, authorize, whyNot } from '../policies/index.ts';
import { ROLES } from '../policies/member.ts';
import { isWorkspaceAdmin } from '../policies/workspace.ts';
import { removeFromWorkspace } from './departure.ts';
import { lockAsMember, lockWithMember, requireMembership } from './membership.ts';
import { effectiveMemberLimit, seatsOf } from './seats.ts';
import {
  countMembers,
  countMembersWithoutTwoFactor,
  insertMembership,
  insertWorkspace,
  listMembers,
  listUserWorkspaces,
  setMemberRole,
  updateWorkspace,
} from './store.ts';


/** A workspace's settings as stored (the requirement of two-factor as 0 or 1). */
interface WorkspaceSettings {
  max_members: number | null;
  who_can_invite: string;
  require_two_factor: number;
  max_key_lifetime_days: number | null;
  revoke_unused_key_pairs_after_days: number | null;
}

/** What a workspaces.update changed, as log entries: a rename, and the settings that took a new value. */
function workspaceChanges(
  actor: string,
  before: WorkspaceSettings & { id: string; name: string },
  fields: Partial<WorkspaceSettings> & { name?: string },
): AuditEntry[] {
  const entries: AuditEntry[] = [];
  if (fields.name !== undefined && fields.name !== before.name) {
    entries.push({ kind: 'workspace.renamed', actor, workspace: before.id, details: { from: before.name, to: fields.name } });
  }
  const settings: AuditDetails = {};
  if (fields.max_members !== undefined && fields.max_members !== before.max_members) settings.max_members = fields.max_members;
  if (fields.who_can_invite !== undefined && fields.who_can_invite !== before.who_can_invite) settings.who_can_invite = fields.who_can_invite;
  if (fields.max_key_lifetime_days !== undefined && fields.max_key_lifetime_days !== before.max_key_lifetime_days) settings.max_key_lifetime_days = fields.max_key_lifetime_days;
  if (fields.revoke_unused_key_pairs_after_days !== undefined && fields.revoke_unused_key_pairs_after_days !== before.revoke_unused_key_pairs_after_days) {
    settings.revoke_unused_key_pairs_after_days = fields.revoke_unused_key_pairs_after_days;
  }
  if (fields.require_two_factor !== undefined && fields.require_two_factor !== Number(before.require_two_factor)) settings.require_two_factor = fields.require_two_factor === 1;
  if (Object.keys(settings).length > 0) entries.push({ kind: 'workspace.settings_changed', actor, workspace: before.id, details: settings });
  return entries;
}

/** The abilities of a caller a workspace is closed to until they turn on two-factor sign-in: none but leaving. */
const NOTHING_BUT_LEAVING = {
  update: false,
  invite: false,
  invite_admins: false,
  see_all_invites: false,
  change_roles: false,
  remove_members: false,
  read_audit_log: false,
  require_two_factor: false,
  leave: false,
};

async function seatSummary(ctx: AuthedContext, workspace: { id: string; max_members: number | null }) {
  const { services } = ctx;
  const seats = await seatsOf(services.db, services.config.maxMembers, workspace, services.now());
  return { allocated: seats.members, allowed: seats.allowed, held_by_invites: seats.heldByInvites, seats_left: seats.left, full: seats.left === 0 };
}

export const workspaceEndpoints = [
  defineEndpoint({
    name: 'organization.get_user_companies',
    auth: 'required',
    changesState: false,
    beforeTwoFactor: true,
    authorize: 'workspace.list_mine',
    async handle({ services, identity }) {
      const workspaces = await listUserWorkspaces(services.db, identity.userId);
      const actor = actorOf(identity);
      const shutOut = (w: { requiresTwoFactor: boolean }) => w.requiresTwoFactor && !identity.twoFactor.enabled;
      return {
        companies: workspaces.map((w) => {
          // the rules the server applies, answered for the web app to show (not guess)
          const inWorkspace = { role: w.role };
          const inviting = { role: w.role, whoCanInvite: w.whoCanInvite };
          const settingTwoFactor = { role: w.role, twoFactorEnabled: identity.twoFactor.enabled };
          const { can, why_not } = abilities(actor, {
            update: ['workspace.update', inWorkspace],
            invite: ['invite.create', inviting],
            invite_admins: ['invite.grant', { role: w.role, grantedRole: 'admin' }],
            see_all_invites: ['workspace.see_all_invites', inWorkspace],
            change_roles: ['workspace.change_roles', inWorkspace],
            remove_members: ['workspace.remove_members', inWorkspace],
            read_audit_log: ['workspace.read_audit_log', inWorkspace],
            require_two_factor: ['workspace.require_two_factor', settingTwoFactor],
            leave: ['workspace.leave', { role: w.role, owners: w.owners, personal: w.personal }],
          });
          return {
            id: w.id,
            name: w.name,
            allocated: w.allocated,
            allowed: effectiveMemberLimit(w.maxMembers, services.config.maxMembers),
            role: w.role,
            personal: w.personal,
            current: w.id === identity.workspaceId,
            max_members: w.maxMembers,
            who_can_invite: w.whoCanInvite,
            requires_two_factor: w.requiresTwoFactor,
            max_key_lifetime_days: w.maxKeyLifetimeDays,
            revoke_unused_key_pairs_after_days: w.revokeUnusedKeyPairsAfterDays,
            // inviting admins needs both: the right to invite, and to grant the admin role; a workspace that requires
            // two-factor of a caller without it leaves them nothing there but leaving (policies/workspace.ts, workspace.use)
            can: shutOut(w) ? { ...NOTHING_BUT_LEAVING, leave: can.leave } : { ...can, invite_admins: can.invite && can.invite_admins },
            why_not: {
              ...(why_not.leave ? { leave: why_not.leave } : {}),
              ...(why_not.require_two_factor ? { require_two_factor: why_not.require_two_factor } : {}),
            },
          };
        }),
      };
    },
  }),

  defineEndpoint({
    name: 'workspaces.create',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      if (services.config.mode !== 'multi') throw errors.badRequest('This server has one workspace (FOYER_MODE=single); new workspaces cannot be created');
      authorize(ctx, 'workspace.create', undefined);
      const now = services.now();
      const id = await services.db.transaction().execute(async (tx) => {
        const workspaceId = await insertWorkspace(tx, { name: params.name, now });
        await insertMembership(tx, { workspaceId, userId: identity.userId, role: 'owner', now });
        await recordEvent(tx, ctx, { kind: 'workspace.created', actor: identity.userId, subject: identity.userId, workspace: workspaceId, details: { name: params.name } });
        return workspaceId;
      });
      return { id, name: params.name };
    },
  }),

  defineEndpoint({
    name: 'workspaces.update',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const { services } = ctx;
      await requireMembership(ctx, params.workspace);
      return services.db.transaction().execute(async (tx) => {
        const { workspace, role } = await lockAsMember(ctx, tx, params.workspace);
        authorize(ctx, 'workspace.update', { role });
        if (params.require_two_factor !== undefined && params.require_two_factor !== (Number(workspace.require_two_factor) === 1)) {
          authorize(ctx, 'workspace.require_two_factor', { role, twoFactorEnabled: ctx.identity.twoFactor.enabled });
        }
        if (params.max_members !== undefined && params.max_members !== null) {
          const serverMax = services.config.maxMembers;
          if (serverMax !== null && params.max_members > serverMax) {
            throw errors.validation(`max_members cannot exceed this server's limit of ${serverMax}`, { field: 'max_members' });
          }
          const members = await countMembers(tx, workspace.id);
          if (params.max_members < members) {
            throw errors.validation(`${workspace.name} already has ${members} members; remove some before lowering the limit to ${params.max_members}`, { field: 'max_members' });
          }
        }
        const fields = {
          ...(params.name !== undefined ? { name: params.name } : {}),
          ...(params.max_members !== undefined ? { max_members: params.max_members } : {}),
          ...(params.who_can_invite !== undefined ? { who_can_invite: params.who_can_invite } : {}),
          ...(params.max_key_lifetime_days !== undefined ? { max_key_lifetime_days: params.max_key_lifetime_days } : {}),
          ...(params.revoke_unused_key_pairs_after_days !== undefined ? { revoke_unused_key_pairs_after_days: params.revoke_unused_key_pairs_after_days } : {}),
          ...(params.require_two_factor !== undefined ? { require_two_factor: params.require_two_factor ? 1 : 0 } : {}),
        };
        if (Object.keys(fields).length > 0) await updateWorkspace(tx, workspace.id, fields);
        await recordEvents(tx, services.now(), originOf(ctx.request), workspaceChanges(ctx.identity.userId, workspace, fields));
        const { require_two_factor, ...rest } = fields;
        return { updated: Object.keys(fields).length > 0 ? 1 : 0, fields: { ...rest, ...(require_two_factor !== undefined ? { require_two_factor: require_two_factor === 1 } : {}) } };
      });
    },
  }),

  defineEndpoint({
    name: 'workspaces.switch',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const { workspace, role } = await requireMembership(ctx, params.workspace);
      authorize(ctx, 'workspace.switch', { role });
      await setActiveWorkspace(services.db, identity.userId, workspace.id);
      const session = sessionOf(identity);
      if (session) await revokeSession(services.db, session, services.now());
      const token = await issueSession(
        ctx,
        { ...identity, workspaceId: workspace.id, workspaceName: workspace.name, memberRole: role },
        services.config.tokenDefaultExpirationSec,
      );
      return { token, workspace: { id: workspace.id, name: workspace.name } };
    },
  }),

  defineEndpoint({
    name: 'workspaces.get_members',
    auth: 'required',
    changesState: false,
    async handle(ctx, params) {
      const { workspace, role } = await requireMembership(ctx, params.workspace);
      authorize(ctx, 'workspace.view', { role });
      await ctx.services.lastUsed.flush(); // so "last active" includes what just happened
      const page = params.page ?? 0;
      const pageSize = params.page_size ?? 50;
      const { total, rows } = await listMembers(ctx.services.db, workspace.id, {
        ...(params.search ? { search: params.search } : {}),
        offset: page * pageSize,
        limit: pageSize,
      });
      // owners and admins get each member's role choices, refused ones with the reason set_member_role would give
      const admin = isWorkspaceAdmin(role);
      const owners = admin ? await countMembers(ctx.services.db, workspace.id, 'owner') : 0;
      const actor = actorOf(ctx.identity);
      return {
        members: rows.map((row) => {
          const subject = { role, target: { userId: row.id, role: row.role }, owners };
          return {
            id: row.id,
            name: row.name,
            email: row.email,
            role: row.role,
            joined: isoTime(row.joined_at),
            ...(row.last_active_at !== null ? { last_active: isoTime(row.last_active_at) } : {}),
            ...(admin ? { two_factor: row.two_factor_enabled_at !== null } : {}),
            // every role with why it could not be given, from the rule set_member_role applies (no change: no refusal)
            ...(admin
              ? {
                  role_choices: ROLES.map((r) => {
                    const refusal = r === row.role ? undefined : whyNot(actor, 'member.change_role', { ...subject, newRole: r });
                    return refusal ? { role: r, refusal } : { role: r };
                  }),
                }
              : {}),
            ...abilities(actor, { change_role: ['member.change_role', subject], remove: ['member.remove', subject] }),
          };
        }),
        total,
        page,
        page_size: pageSize,
        ...(admin ? { without_two_factor: await countMembersWithoutTwoFactor(ctx.services.db, workspace.id) } : {}),
        ...(await seatSummary(ctx, workspace)),
      };
    },
  }),

  defineEndpoint({
    name: 'workspaces.set_member_role',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      await requireMembership(ctx, params.workspace);
      return ctx.services.db.transaction().execute(async (tx) => {
        const { role, target } = await lockWithMember(ctx, tx, params.workspace, params.user);
        authorize(ctx, 'member.change_role', { role, target, owners: await countMembers(tx, params.workspace, 'owner'), newRole: params.role });
        if (target.role === params.role) return { updated: 0 };
        await setMemberRole(tx, params.workspace, params.user, params.role);
        await recordEvent(tx, ctx, { kind: 'member.role_changed', actor: ctx.identity.userId, subject: params.user, workspace: params.workspace, details: { from: target.role, to: params.role } });
        return { updated: 1 };
      });
    },
  }),

  defineEndpoint({
    name: 'workspaces.remove_member',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const { services } = ctx;
      await requireMembership(ctx, params.workspace);
      return services.db.transaction().execute(async (tx) => {
        const { role, target } = await lockWithMember(ctx, tx, params.workspace, params.user);
        authorize(ctx, 'member.remove', { role, target, owners: await countMembers(tx, params.workspace, 'owner') });
        const { revokedCredentials } = await removeFromWorkspace(tx, params.workspace, params.user, services.now());
        await recordEvent(tx, ctx, { kind: 'member.removed', actor: ctx.identity.userId, subject: params.user, workspace: params.workspace, details: { role: target.role, revoked_key_pairs: revokedCredentials } });
        return { removed: 1, revoked_credentials: revokedCredentials };
      });
    },
  }),

  defineEndpoint({
    name: 'workspaces.get_leave_impact',
    auth: 'required',
    changesState: false,
    beforeTwoFactor: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const { workspace, role } = await requireMembership(ctx, params.workspace);
      authorize(ctx, 'workspace.see_leave_impact', { role });
      await services.lastUsed.flush();
      const credentials = await listCredentials(services.db, identity.userId, workspace.id);
      const leaving = { role, owners: await countMembers(services.db, workspace.id, 'owner'), personal: workspace.personal_of_user_id === identity.userId };
      return {
        workspace: { id: workspace.id, name: workspace.name },
        ...abilities(actorOf(identity), { leave: ['workspace.leave', leaving] }),
        credentials: credentials.map((row) => describeCredential(row, services.now())),
      };
    },
  }),

  defineEndpoint({
    name: 'workspaces.leave',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      await requireMembership(ctx, params.workspace);
      return services.db.transaction().execute(async (tx) => {
        const { workspace, role } = await lockAsMember(ctx, tx, params.workspace);
        authorize(ctx, 'workspace.leave', { role, owners: await countMembers(tx, workspace.id, 'owner'), personal: workspace.personal_of_user_id === identity.userId });
        const { revokedCredentials } = await removeFromWorkspace(tx, workspace.id, identity.userId, services.now());
        await recordEvent(tx, ctx, { kind: 'member.left', actor: identity.userId, subject: identity.userId, workspace: workspace.id, details: { role, revoked_key_pairs: revokedCredentials } });
        // every session in the workspace ended with the membership: the one making this call too, if it is there
        const sessionEnded = workspace.id === identity.workspaceId;
        if (sessionEnded) ctx.cookie.clear();
        return { left: 1, revoked_credentials: revokedCredentials, session_ended: sessionEnded };
      });
    },
  }),
];
