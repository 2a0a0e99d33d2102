import { originOf, recordEvent } from '../audit/record.ts';
import { defineEndpoint } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { newId, randomToken, sha256Hex } from '../shared/ids.ts';
import { isoTime } from '../shared/time.ts';
import { lockAsMember, requireMembership } from '../workspaces/membership.ts';
import { actorOf, authorize, can, type Asker } from '../policies/index.ts';
import type { MemberRole } from '../db/schema.ts';
import { seatsOf } from '../workspaces/seats.ts';
import { findWorkspace } from '../workspaces/store.ts';
import { findUserById } from '../users/store.ts';
import { acceptInvite, checkInviter, invitationLimits, inviterProblemOf, inviterRefusalMessage, usableInvite } from './accept.ts';
import { emailDomainsOf, findInvite, insertInvite, inviteStatus, lastSends, listInvites, listInviteUses, releaseSendTurn, revokeInvite, takeSendTurn } from './store.ts';
import { emailProblem } from '../policies/invite.ts';
import { offerVerificationToJoin } from '../email-addresses/links.ts';
import { requireMailer, sendLinkMail } from '../mail/link-mail.ts';
import { invitationMail } from '../mail/templates.ts';
import { MAIL_RESEND_INTERVAL_MS, resendWaitSeconds } from '../email-addresses/rules.ts';

const DAY_MS = 24 * 3600 * 1000;

/** The inviter may invite here, and give this role: asked before the workspace is locked, and again under the lock. */
function authorizeInviting(asker: Asker, role: MemberRole, workspace: { who_can_invite: 'admins' | 'members' }, grantedRole: MemberRole): void {
  authorize(asker, 'invite.create', { role, whoCanInvite: workspace.who_can_invite });
  authorize(asker, 'invite.grant', { role, grantedRole });
}

export const inviteEndpoints = [
  defineEndpoint({
    name: 'invites.create',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const { workspace, role: inviterRole } = await requireMembership(ctx, params.workspace);
      const role = params.role ?? 'member';
      authorizeInviting(ctx, inviterRole, workspace, role);
      const maxUses = params.email ? 1 : (params.max_uses ?? 1);
      if (params.email && params.max_uses !== undefined && params.max_uses !== 1) {
        throw errors.validation('A link bound to one email address admits one person: leave max_uses out or set it to 1');
      }
      const bound = params.email !== undefined || (params.email_domains?.length ?? 0) > 0;
      if (params.accept_unverified && !bound) throw errors.invalidField('accept_unverified', 'is for a link bound to one address or to email domains');
      if (params.accept_unverified && services.mail) {
        throw errors.invalidField('accept_unverified', 'cannot be set on a server that sends mail: an invited address is verified by a mailed link instead');
      }
      const now = services.now();
      const token = randomToken(32);
      const id = newId();
      const expiresAt = now + (params.expires_in_days ?? 7) * DAY_MS;
      // count the seats, then insert, with the workspace row locked (as accepting does): concurrent creates of
      // email-bound links never hold more seats than the limit
      await services.db.transaction().execute(async (tx) => {
        // the caller's rights as they are now, under the lock (a role read before it may have changed meanwhile)
        const { workspace: locked, role: current } = await lockAsMember(ctx, tx, workspace.id);
        authorizeInviting(ctx, current, locked, role);
        const { allowed, left } = await seatsOf(tx, services.config.maxMembers, locked, now);
        if (left === 0) {
          throw errors.inviteRefused('no_seats', `${locked.name} has reached its maximum of ${allowed} members; free a seat or raise the limit before inviting.`, { allowed });
        }
        await insertInvite(tx, {
          id,
          workspace_id: locked.id,
          created_by: identity.userId,
          token_hash: sha256Hex(token),
          role,
          email: params.email ?? null,
          email_domains: params.email_domains?.length ? JSON.stringify(params.email_domains) : null,
          note: params.note ?? null,
          max_uses: maxUses,
          uses: 0,
          created_at: now,
          expires_at: expiresAt,
          revoked_at: null,
          accept_unverified: params.accept_unverified ? 1 : 0,
          last_sent_at: null,
        });
        await recordEvent(tx, ctx, {
          kind: 'invite.created',
          actor: identity.userId,
          workspace: locked.id,
          target: id,
          details: { role, max_uses: maxUses, bound_to_address: params.email !== undefined, bound_to_domains: (params.email_domains?.length ?? 0) > 0, expires_in_days: params.expires_in_days ?? 7, ...(params.accept_unverified ? { accept_unverified: true } : {}) },
        });
      });
      return { id, url: `${services.config.publicWebUrl}/invite/${token}`, expires: isoTime(expiresAt), max_uses: maxUses, role, note: params.note ?? null };
    },
  }),

  defineEndpoint({
    name: 'invites.get_all',
    auth: 'required',
    changesState: false,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const { workspace, role } = await requireMembership(ctx, params.workspace);
      authorize(ctx, 'invite.list', { role, whoCanInvite: workspace.who_can_invite });
      const actor = actorOf(identity);
      const everyone = can(actor, 'workspace.see_all_invites', { role });
      const rows = await listInvites(services.db, workspace.id, everyone ? undefined : identity.userId);
      const uses = await listInviteUses(services.db, rows.map((r) => r.id));
      const sends = await lastSends(services.db, rows.map((r) => r.id));
      const now = services.now();
      const inviterProblems = new Map<string, Awaited<ReturnType<typeof inviterProblemOf>>>();
      for (const row of rows) {
        if (inviteStatus(row, now) === 'pending' && !inviterProblems.has(`${row.created_by}:${row.role}`)) {
          inviterProblems.set(`${row.created_by}:${row.role}`, await inviterProblemOf(services.db, row, workspace));
        }
      }
      const inviterProblem = (row: (typeof rows)[number]) => (inviteStatus(row, now) === 'pending' ? inviterProblems.get(`${row.created_by}:${row.role}`) : undefined);
      return {
        invites: rows.map((row) => ({
          id: row.id,
          role: row.role,
          status: inviteStatus(row, now),
          // a pending link whose creator can no longer send it admits nobody (until they can again): it says so
          usable: inviteStatus(row, now) === 'pending' && !inviterProblem(row),
          ...(inviterProblem(row)
            ? { refusal: { reason: 'inviter_lost_rights' as const, inviter: inviterProblem(row)!, message: inviterRefusalMessage(inviterProblem(row)!, workspace.name, row.role) } }
            : {}),
          created: isoTime(row.created_at),
          created_by: { id: row.created_by, name: row.created_by_name },
          expires: isoTime(row.expires_at),
          max_uses: row.max_uses,
          uses: row.uses,
          uses_left: inviteStatus(row, now) === 'pending' ? row.max_uses - row.uses : 0,
          email: row.email,
          email_domains: emailDomainsOf(row),
          note: row.note,
          holds_seat: row.email !== null && row.max_uses === 1 && inviteStatus(row, now) === 'pending',
          accept_unverified: row.accept_unverified === 1,
          last_sent: sends.has(row.id) ? { at: isoTime(sends.get(row.id)!.at), to: sends.get(row.id)!.to } : null,
          joined: uses.filter((u) => u.invite_id === row.id).map((u) => ({ user: { id: u.user_id, name: u.name, email: u.email }, joined: isoTime(u.joined_at) })),
          can: {
            revoke: can(actor, 'invite.revoke', { role, createdBy: row.created_by }),
            send: services.mail !== undefined && inviteStatus(row, now) === 'pending' && !inviterProblem(row) && can(actor, 'invite.send', { role, createdBy: row.created_by }),
          },
        })),
      };
    },
  }),

  defineEndpoint({
    name: 'invites.revoke',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const { services } = ctx;
      const invite = await findInvite(services.db, params.id);
      if (!invite) throw errors.badRequest(`No invitation with id ${params.id}`);
      const { role } = await requireMembership(ctx, invite.workspace_id).catch(() => {
        throw errors.badRequest(`No invitation with id ${params.id}`); // another workspace's: not even its existence is told
      });
      authorize(ctx, 'invite.revoke', { role, createdBy: invite.created_by });
      await revokeInvite(services.db, invite.id, services.now());
      if (invite.revoked_at === null) {
        await recordEvent(services.db, ctx, { kind: 'invite.revoked', actor: ctx.identity.userId, workspace: invite.workspace_id, target: invite.id, details: { role: invite.role } });
      }
      return { revoked: invite.revoked_at === null ? 1 : 0 };
    },
  }),

  defineEndpoint({
    name: 'invites.send',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const { db } = services;
      requireMailer(services);
      const invite = await findInvite(db, params.id);
      if (!invite) throw errors.badRequest(`No invitation with id ${params.id}`);
      const { workspace, role } = await requireMembership(ctx, invite.workspace_id).catch(() => {
        throw errors.badRequest(`No invitation with id ${params.id}`); // another workspace's: not even its existence is told
      });
      authorize(ctx, 'invite.send', { role, createdBy: invite.created_by });
      const now = services.now();
      await usableInvite(db, { id: invite.id }, now); // revoked, used up or expired: nothing to send
      await checkInviter(db, invite, workspace);
      if (invite.email !== null && params.email !== undefined && params.email !== invite.email) {
        throw errors.invalidField('email', `must be left out or be ${invite.email}: this link admits only that address`);
      }
      const to = invite.email ?? params.email;
      if (!to) throw errors.invalidField('email', 'is needed: the address to send this link to');
      const problem = emailProblem(to, invite.email, emailDomainsOf(invite));
      if (problem) throw errors.invalidField('email', problem);
      // one mail a minute per link, taken in one guarded statement; given back if the mail does not go out
      const previous = invite.last_sent_at;
      if (!(await takeSendTurn(db, invite.id, now, MAIL_RESEND_INTERVAL_MS))) {
        const fresh = await findInvite(db, invite.id);
        const wait = resendWaitSeconds(fresh?.last_sent_at ?? now, services.now()) || 1;
        throw errors.tooSoon(wait, `This link was sent by mail less than a minute ago. Try again in ${wait} second${wait === 1 ? '' : 's'}.`);
      }
      // a token of its own for this mail: the link's first token is not kept, and each mail can be told apart
      const token = randomToken(32);
      const sendId = newId();
      await db.insertInto('invite_sends').values({ id: sendId, invite_id: invite.id, email: to, token_hash: sha256Hex(token), sent_by: identity.userId, sent_at: now }).execute();
      const inviter = await findUserById(db, identity.userId);
      await sendLinkMail(
        services,
        invitationMail({
          to,
          inviter: inviter?.name ?? identity.userName,
          workspace: workspace.name,
          role: invite.role,
          url: `${services.config.publicWebUrl}/invite/${token}`,
          expires: new Date(invite.expires_at).toUTCString(),
        }),
        'invitation',
        async () => {
          await db.deleteFrom('invite_sends').where('id', '=', sendId).execute();
          await releaseSendTurn(db, invite.id, now, previous);
        },
      );
      await recordEvent(db, ctx, { kind: 'invite.sent', actor: identity.userId, workspace: workspace.id, target: invite.id, details: { to, role: invite.role } });
      return { sent_to: to, sent: isoTime(now) };
    },
  }),

  defineEndpoint({
    name: 'invites.get_info',
    auth: 'none',
    changesState: false,
    authorize: 'invite.read_by_link',
    async handle({ services }, params) {
      const invite = await usableInvite(services.db, params.token, services.now());
      const workspace = await findWorkspace(services.db, invite.workspace_id);
      if (!workspace) throw errors.inviteRefused('not_found', 'The workspace of this invitation no longer exists.');
      await checkInviter(services.db, invite, workspace);
      const inviter = await findUserById(services.db, invite.created_by);
      return {
        company_name: workspace.name,
        user_name: inviter?.name ?? '',
        user_given_name: inviter?.given_name ?? inviter?.name ?? '',
        expires: isoTime(invite.expires_at),
        // the link itself admits its holder: the address it is for is theirs to see, and saves a refused form
        ...(await invitationLimits(services.db, services, workspace, invite, services.now())),
      };
    },
  }),

  defineEndpoint({
    name: 'invites.accept',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    authorize: 'invite.accept',
    async handle({ services, identity, request }, params) {
      const joined = await acceptInvite(services, { token: params.token, userId: identity.userId, email: identity.email, origin: originOf(request) }).catch(async (error: unknown) => {
        throw await offerVerificationToJoin(services, error, { id: identity.userId, name: identity.userName, email: identity.email }, params.token);
      });
      return { workspace: { id: joined.workspaceId, name: joined.workspaceName }, role: joined.role };
    },
  }),
];
