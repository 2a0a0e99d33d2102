import { defineEndpoint, type AuthedContext } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { isoTime } from '../shared/time.ts';
import { issueSession } from '../auth/session-issue.ts';
import { revokeSession, sessionOf } from '../auth/sessions.ts';
import { listCredentials } from '../credentials/store.ts';
import { describeCredential } from '../credentials/routes.ts';
import { setActiveWorkspace } from '../users/store.ts';
import { countHeldSeats } from '../invites/store.ts';
import { removeFromWorkspace } from './departure.ts';
import { lockAsMember, requireMembership } from './membership.ts';
import { isWorkspaceAdmin, leaveProblem, mayEditWorkspace, mayGrantByInvite, mayInvite, removalProblem, roleChangeProblem, roleChoices, seatsLeft, type Actor } from './policy.ts';
import {
  countMembers,
  effectiveMemberLimit,
  findMembership,
  insertMembership,
  insertWorkspace,
  listMembers,
  listUserWorkspaces,
  setMemberRole,
  updateWorkspace,
} from './store.ts';


async function seatSummary(ctx: AuthedContext, workspace: { id: string; max_members: number | null }) {
  const { services } = ctx;
  const allowed = effectiveMemberLimit(workspace.max_members, services.config.maxMembers);
  const allocated = await countMembers(services.db, workspace.id);
  const held = await countHeldSeats(services.db, workspace.id, services.now());
  return { allocated, allowed, held_by_invites: held, seats_left: seatsLeft(allowed, allocated, held), full: seatsLeft(allowed, allocated, held) === 0 };
}

export const workspaceEndpoints = [
  defineEndpoint({
    name: 'organization.get_user_companies',
    auth: 'required',
    changesState: false,
    async handle({ services, identity }) {
      const workspaces = await listUserWorkspaces(services.db, identity.userId, services.config.maxMembers);
      return {
        companies: workspaces.map((w) => {
          // the rules the server applies to leaving and inviting, answered for the web app to show (not guess)
          const actor: Actor = { role: w.role, serverRole: identity.serverRole };
          const cannotLeave = leaveProblem({ role: w.role, owners: w.owners, personal: w.personal });
          const admin = isWorkspaceAdmin(actor);
          return {
            id: w.id,
            name: w.name,
            allocated: w.allocated,
            allowed: w.allowed,
            role: w.role,
            personal: w.personal,
            current: w.id === identity.workspaceId,
            max_members: w.maxMembers,
            who_can_invite: w.whoCanInvite,
            can: {
              update: mayEditWorkspace(actor),
              invite: mayInvite(actor, w.whoCanInvite),
              invite_admins: mayInvite(actor, w.whoCanInvite) && mayGrantByInvite(actor, 'admin'),
              see_all_invites: admin,
              change_roles: admin,
              remove_members: admin,
              leave: cannotLeave === undefined,
            },
            why_not: cannotLeave ? { leave: cannotLeave } : {},
          };
        }),
      };
    },
  }),

  defineEndpoint({
    name: 'workspaces.create',
    auth: 'required',
    changesState: true,
    async handle({ services, identity }, params) {
      if (services.config.mode !== 'multi') throw errors.badRequest('This server has one workspace (FOYER_MODE=single); new workspaces cannot be created');
      if (identity.credentialId) throw errors.forbidden('Sign in as a person to create workspaces; API keys belong to one workspace');
      const now = services.now();
      const id = await services.db.transaction().execute(async (tx) => {
        const workspaceId = await insertWorkspace(tx, { name: params.name, now });
        await insertMembership(tx, { workspaceId, userId: identity.userId, role: 'owner', now });
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
        const { workspace, actor } = await lockAsMember(ctx, tx, params.workspace);
        if (!mayEditWorkspace(actor)) throw errors.forbidden('Only owners and admins can change the workspace');
        if (params.max_members !== undefined && params.max_members !== null) {
          const serverMax = services.config.maxMembers;
          if (serverMax !== null && params.max_members > serverMax) {
            throw errors.validation(`max_members cannot exceed this server's limit of ${serverMax}`, { field: 'max_members' });
          }
          const members = await countMembers(tx, workspace.id);
          if (params.max_members < members) {
            throw errors.validation(`${workspace.name} already has ${members} members; remove some before lowering the limit to ${params.max_members}`, {
              field: 'max_members',
            });
          }
        }
        const fields = {
          ...(params.name !== undefined ? { name: params.name } : {}),
          ...(params.max_members !== undefined ? { max_members: params.max_members } : {}),
          ...(params.who_can_invite !== undefined ? { who_can_invite: params.who_can_invite } : {}),
        };
        if (Object.keys(fields).length > 0) await updateWorkspace(tx, workspace.id, fields);
        return { updated: Object.keys(fields).length > 0 ? 1 : 0, fields };
      });
    },
  }),

  defineEndpoint({
    name: 'workspaces.switch',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const { workspace, actor } = await requireMembership(ctx, params.workspace);
      await setActiveWorkspace(services.db, identity.userId, workspace.id);
      const session = sessionOf(identity);
      if (session) await revokeSession(services.db, session, services.now());
      const token = await issueSession(
        ctx,
        { ...identity, workspaceId: workspace.id, workspaceName: workspace.name, memberRole: actor.role },
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
      const { workspace, actor } = await requireMembership(ctx, params.workspace);
      await ctx.services.lastUsed.flush(); // so "last active" includes what just happened
      const page = params.page ?? 0;
      const pageSize = params.page_size ?? 50;
      const { total, rows } = await listMembers(ctx.services.db, workspace.id, {
        ...(params.search ? { search: params.search } : {}),
        offset: page * pageSize,
        limit: pageSize,
      });
      // owners and admins get each member's role choices, refused ones with the reason set_member_role would give
      const owners = isWorkspaceAdmin(actor) ? await countMembers(ctx.services.db, workspace.id, 'owner') : 0;
      return {
        members: rows.map((row) => {
          const target = { actor, actorUserId: ctx.identity.userId, targetUserId: row.id, targetRole: row.role, owners };
          const choices = roleChoices(target);
          // a role can be changed when some other role is open to the actor; otherwise the first refusal says why
          const changeRefusal = choices.some((c) => c.role !== row.role && !c.refusal) ? undefined : choices.find((c) => c.refusal)?.refusal;
          const removeRefusal = removalProblem(target);
          return {
            id: row.id,
            name: row.name,
            email: row.email,
            role: row.role,
            joined: isoTime(row.joined_at),
            ...(row.last_active_at !== null ? { last_active: isoTime(row.last_active_at) } : {}),
            ...(isWorkspaceAdmin(actor) ? { role_choices: choices } : {}),
            can: { change_role: changeRefusal === undefined, remove: removeRefusal === undefined },
            why_not: { ...(changeRefusal ? { change_role: changeRefusal } : {}), ...(removeRefusal ? { remove: removeRefusal } : {}) },
          };
        }),
        total,
        page,
        page_size: pageSize,
        ...(await seatSummary(ctx, workspace)),
      };
    },
  }),

  defineEndpoint({
    name: 'workspaces.set_member_role',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      await requireMembership(ctx, params.workspace);
      return services.db.transaction().execute(async (tx) => {
        const { actor } = await lockAsMember(ctx, tx, params.workspace);
        const target = await findMembership(tx, params.workspace, params.user);
        if (!target) throw errors.badRequest(`No member with id ${params.user} in this workspace`);
        const problem = roleChangeProblem({
          actor,
          actorUserId: identity.userId,
          targetUserId: params.user,
          targetRole: target.role,
          newRole: params.role,
          owners: await countMembers(tx, params.workspace, 'owner'),
        });
        if (problem) throw errors.forbidden(problem);
        if (target.role === params.role) return { updated: 0 };
        await setMemberRole(tx, params.workspace, params.user, params.role);
        return { updated: 1 };
      });
    },
  }),

  defineEndpoint({
    name: 'workspaces.remove_member',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      await requireMembership(ctx, params.workspace);
      return services.db.transaction().execute(async (tx) => {
        const { actor } = await lockAsMember(ctx, tx, params.workspace);
        const target = await findMembership(tx, params.workspace, params.user);
        if (!target) throw errors.badRequest(`No member with id ${params.user} in this workspace`);
        const problem = removalProblem({ actor, actorUserId: identity.userId, targetUserId: params.user, targetRole: target.role });
        if (problem) throw errors.forbidden(problem);
        const { revokedCredentials } = await removeFromWorkspace(tx, params.workspace, params.user, services.now());
        return { removed: 1, revoked_credentials: revokedCredentials };
      });
    },
  }),

  defineEndpoint({
    name: 'workspaces.get_leave_impact',
    auth: 'required',
    changesState: false,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const { workspace, actor } = await requireMembership(ctx, params.workspace);
      await services.lastUsed.flush();
      const credentials = await listCredentials(services.db, identity.userId, workspace.id);
      const problem = leaveProblem({
        role: actor.role,
        owners: await countMembers(services.db, workspace.id, 'owner'),
        personal: workspace.personal_of_user_id === identity.userId,
      });
      return {
        workspace: { id: workspace.id, name: workspace.name },
        can: { leave: problem === undefined },
        why_not: problem ? { leave: problem } : {},
        credentials: credentials.map(describeCredential),
      };
    },
  }),

  defineEndpoint({
    name: 'workspaces.leave',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      await requireMembership(ctx, params.workspace);
      return services.db.transaction().execute(async (tx) => {
        const { workspace, actor } = await lockAsMember(ctx, tx, params.workspace);
        const problem = leaveProblem({
          role: actor.role,
          owners: await countMembers(tx, workspace.id, 'owner'),
          personal: workspace.personal_of_user_id === identity.userId,
        });
        if (problem) throw errors.validation(problem);
        const { revokedCredentials } = await removeFromWorkspace(tx, workspace.id, identity.userId, services.now());
        // every session in the workspace ended with the membership: the one making this call too, if it is there
        const sessionEnded = workspace.id === identity.workspaceId;
        if (sessionEnded) ctx.cookie.clear();
        return { left: 1, revoked_credentials: revokedCredentials, session_ended: sessionEnded };
      });
    },
  }),
];
