// What happens when an invitation is accepted: every check at accept time, in one transaction, with the
// workspace locked so that concurrent accepts can never exceed the member limit. An invitation carries its
// creator's rights when it is used, not when it was made: a demoted admin's admin link, or a member's link after
// the workspace went back to "admins invite", no longer admits anyone.
import { recordEvents, type AuditOrigin } from '../audit/record.ts';
import type { Services } from '../services.ts';
import type { Db } from '../db/database.ts';
import type { WorkspacesTable } from '../db/schema.ts';
import { errors } from '../http/errors.ts';
import { findMembership, insertMembership, lockWorkspace } from '../workspaces/store.ts';
import { seatsOf } from '../workspaces/seats.ts';
import { emailProblem, inviterProblem, type InviterProblem } from '../policies/invite.ts';
import { findUserById, normalizeEmail } from '../users/store.ts';
import { needsVerifiedAddress } from '../email-addresses/rules.ts';
import { emailDomainsOf, findInvite, findInviteByToken, inviteStatus, takeInviteUse, type InviteRow } from './store.ts';

const REFUSAL_MESSAGES = {
  revoked: 'This invitation link was revoked. Ask the person who sent it for a new one.',
  used_up: 'This invitation link has already been used. Ask the person who sent it for a new one.',
  expired: 'This invitation link has expired. Ask the person who sent it for a new one.',
};

type Workspace = Pick<WorkspacesTable, 'id' | 'name' | 'who_can_invite'>;

/** What a person is told when the creator of a link can no longer send it. */
export function inviterRefusalMessage(problem: InviterProblem, workspaceName: string, role: InviteRow['role']): string {
  switch (problem) {
    case 'left':
      return `The person who sent this invitation is no longer a member of ${workspaceName}. Ask an admin of the workspace for a new one.`;
    case 'cannot_invite':
      return `The person who sent this invitation can no longer invite people to ${workspaceName} (only its admins can now). Ask an admin of the workspace for a new one.`;
    case 'cannot_grant':
      return `The person who sent this invitation can no longer invite people as ${role}. Ask them or an admin for a new one.`;
  }
}

/** Why the creator of a link could not send it today, judged by their current membership; undefined when they could. */
export async function inviterProblemOf(db: Db, invite: InviteRow, workspace: Workspace): Promise<InviterProblem | undefined> {
  const membership = await findMembership(db, workspace.id, invite.created_by);
  const user = membership ? await findUserById(db, invite.created_by) : undefined;
  const inviter = membership && user ? { actor: { userId: user.id, serverRole: user.server_role }, role: membership.role } : undefined;
  return inviterProblem(inviter, workspace.who_can_invite, invite.role);
}

/** Refuses a link whose creator can no longer send it. */
export async function checkInviter(db: Db, invite: InviteRow, workspace: Workspace): Promise<void> {
  const problem = await inviterProblemOf(db, invite, workspace);
  if (problem) throw errors.inviterLostRights(inviterRefusalMessage(problem, workspace.name, invite.role), { inviter: problem });
}

/** A link as a caller names it: by the token in its URL, or (a join waiting for a verified address) by its id. */
export type InviteRef = { token: string } | { id: string };

function findInviteByRef(db: Db, ref: InviteRef): Promise<InviteRow | undefined> {
  return 'token' in ref ? findInviteByToken(db, ref.token) : findInvite(db, ref.id);
}

/** The invitation behind a token, if it can still be used; otherwise the refusal that says why. */
export async function usableInvite(db: Db, ref: string | InviteRef, now: number): Promise<InviteRow> {
  const invite = await findInviteByRef(db, typeof ref === 'string' ? { token: ref } : ref);
  if (!invite) throw errors.inviteRefused('not_found', 'This invitation link is not valid. Check that you copied all of it.');
  const status = inviteStatus(invite, now);
  if (status !== 'pending') throw errors.inviteRefused(status, REFUSAL_MESSAGES[status]);
  return invite;
}

/** What a person is told of a bound link while their address is not verified. */
export function unverifiedMessage(workspaceName: string, email: string, mailAvailable: boolean, sentTo: string | null): string {
  if (!mailAvailable) {
    return `This invitation to ${workspaceName} admits only a verified address, and this server cannot verify addresses (it sends no mail). Ask the person who sent it for a link that accepts unverified addresses.`;
  }
  return sentTo
    ? `This invitation to ${workspaceName} admits only a verified address. We sent a link to ${sentTo}: follow it to verify your address and join ${workspaceName}.`
    : `This invitation to ${workspaceName} admits only a verified address, and ${email} is not verified yet.`;
}

/** The workspace's member limit and the seats left for this link: a seat it holds itself is its own to use. */
async function seatsForInvite(db: Db, services: Pick<Services, 'config'>, workspace: Pick<WorkspacesTable, 'id' | 'max_members'>, invite: InviteRow, now: number) {
  return seatsOf(db, services.config.maxMembers, workspace, now, invite.id);
}

/** What the invitation page shows before anyone types: the role, who the link admits, and whether a seat is left. */
export async function invitationLimits(db: Db, services: Pick<Services, 'config' | 'mail'>, workspace: Pick<WorkspacesTable, 'id' | 'max_members'>, invite: InviteRow, now: number) {
  const { left } = await seatsForInvite(db, services, workspace, invite, now);
  return {
    role: invite.role,
    email: invite.email,
    email_domains: emailDomainsOf(invite),
    full: left === 0,
    verified_address_required: needsVerifiedAddress(invite, services.mail !== undefined),
    mail_available: services.mail !== undefined,
  };
}

export interface Joined {
  workspaceId: string;
  workspaceName: string;
  role: InviteRow['role'];
}

/** A bound link the account may use once its address is verified: the join waits for the mailed link. */
export interface JoinWaiting {
  waitingForVerification: true;
  inviteId: string;
  workspaceName: string;
}

/**
 * Every check of a link, and the join, in the caller's transaction. An address the link needs verified and is not
 * is refused (errors.inviteNeedsVerifiedAddress), or, with whenUnverified 'wait' on a server that sends mail,
 * answered with the join waiting for it (a new account made through the link: the caller mails the link).
 */
export async function acceptInviteInTransaction(
  tx: Db,
  services: Pick<Services, 'config' | 'mail'>,
  input: { userId: string; email: string; now: number; origin: AuditOrigin; whenUnverified?: 'refuse' } & ({ token: string } | { inviteId: string }),
): Promise<Joined>;
export async function acceptInviteInTransaction(
  tx: Db,
  services: Pick<Services, 'config' | 'mail'>,
  input: { userId: string; email: string; now: number; origin: AuditOrigin; whenUnverified: 'wait' } & ({ token: string } | { inviteId: string }),
): Promise<Joined | JoinWaiting>;
export async function acceptInviteInTransaction(
  tx: Db,
  services: Pick<Services, 'config' | 'mail'>,
  input: { userId: string; email: string; now: number; origin: AuditOrigin; whenUnverified?: 'refuse' | 'wait' } & ({ token: string } | { inviteId: string }),
): Promise<Joined | JoinWaiting> {
  const ref: InviteRef = 'token' in input ? { token: input.token } : { id: input.inviteId };
  const first = await findInviteByRef(tx, ref);
  if (!first) throw errors.inviteRefused('not_found', 'This invitation link is not valid. Check that you copied all of it.');
  const workspace = await lockWorkspace(tx, first.workspace_id);
  if (!workspace) throw errors.inviteRefused('not_found', 'The workspace of this invitation no longer exists.');
  const invite = await usableInvite(tx, ref, input.now); // read again under the lock
  await checkInviter(tx, invite, workspace); // their rights now, under the same lock as every role change
  const problem = emailProblem(
    normalizeEmail(input.email),
    invite.email === null ? null : normalizeEmail(invite.email),
    emailDomainsOf(invite),
  );
  if (problem) throw errors.inviteRefused('not_for_you', problem);
  if (await findMembership(tx, workspace.id, input.userId)) {
    throw errors.inviteRefused('already_member', `You are already a member of ${workspace.name}.`, { workspace: workspace.id });
  }
  const { allowed, left } = await seatsForInvite(tx, services, workspace, invite, input.now);
  if (left === 0) {
    throw errors.inviteRefused('no_seats', `${workspace.name} has no seats left (${allowed} members at most). Ask an admin of the workspace to free a seat or raise the limit.`, {
      allowed,
    });
  }
  const mailAvailable = services.mail !== undefined;
  if (needsVerifiedAddress(invite, mailAvailable)) {
    const account = await findUserById(tx, input.userId);
    if (account?.email_verified_at == null || normalizeEmail(account.email) !== normalizeEmail(input.email)) {
      if (input.whenUnverified === 'wait' && mailAvailable) return { waitingForVerification: true, inviteId: invite.id, workspaceName: workspace.name };
      throw errors.inviteNeedsVerifiedAddress(unverifiedMessage(workspace.name, input.email, mailAvailable, null), { verification_sent: null, mail_available: mailAvailable });
    }
  }
  // one statement, guarded: a use is taken only while one is left, whatever else runs at the same time
  if (!(await takeInviteUse(tx, invite.id))) throw errors.inviteRefused('used_up', REFUSAL_MESSAGES.used_up);
  await insertMembership(tx, { workspaceId: workspace.id, userId: input.userId, role: invite.role, now: input.now });
  await tx.insertInto('invite_uses').values({ invite_id: invite.id, user_id: input.userId, joined_at: input.now }).execute();
  await recordEvents(tx, input.now, input.origin, [
    { kind: 'invite.accepted', actor: input.userId, subject: input.userId, workspace: workspace.id, target: invite.id, details: { role: invite.role } },
    { kind: 'member.joined', actor: input.userId, subject: input.userId, workspace: workspace.id, target: invite.id, details: { role: invite.role, by: 'invitation' } },
  ]);
  return { workspaceId: workspace.id, workspaceName: workspace.name, role: invite.role };
}

export function acceptInvite(services: Services, input: { userId: string; email: string; origin: AuditOrigin } & ({ token: string } | { inviteId: string })): Promise<Joined> {
  return services.db.transaction().execute((tx) => acceptInviteInTransaction(tx, services, { ...input, now: services.now() }));
}
