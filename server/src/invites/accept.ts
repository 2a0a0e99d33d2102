// What happens when an invitation is accepted: every check at accept time, in one transaction, with the
// workspace locked so that concurrent accepts can never exceed the member limit.
import type { Services } from '../services.ts';
import type { Db } from '../db/database.ts';
import { errors } from '../http/errors.ts';
import { countMembers, effectiveMemberLimit, findMembership, insertMembership, lockWorkspace } from '../workspaces/store.ts';
import { emailProblem, seatsLeft } from '../workspaces/policy.ts';
import { countHeldSeats, findInviteByToken, inviteStatus, type InviteRow } from './store.ts';

const REFUSAL_MESSAGES = {
  revoked: 'This invitation link was revoked. Ask the person who sent it for a new one.',
  used_up: 'This invitation link has already been used. Ask the person who sent it for a new one.',
  expired: 'This invitation link has expired. Ask the person who sent it for a new one.',
};

/** The invitation behind a token, if it can still be used; otherwise the refusal that says why. */
export async function usableInvite(db: Db, token: string, now: number): Promise<InviteRow> {
  const invite = await findInviteByToken(db, token);
  if (!invite) throw errors.inviteRefused('not_found', 'This invitation link is not valid. Check that you copied all of it.');
  const status = inviteStatus(invite, now);
  if (status !== 'pending') throw errors.inviteRefused(status, REFUSAL_MESSAGES[status]);
  return invite;
}

export async function acceptInviteInTransaction(
  tx: Db,
  services: Pick<Services, 'dialect' | 'config'>,
  input: { token: string; userId: string; email: string; now: number },
): Promise<{ workspaceId: string; workspaceName: string; role: InviteRow['role'] }> {
  const first = await findInviteByToken(tx, input.token);
  if (!first) throw errors.inviteRefused('not_found', 'This invitation link is not valid. Check that you copied all of it.');
  const workspace = await lockWorkspace(tx, services.dialect, first.workspace_id);
  if (!workspace) throw errors.inviteRefused('not_found', 'The workspace of this invitation no longer exists.');
  const invite = await usableInvite(tx, input.token, input.now); // read again under the lock
  const problem = emailProblem(input.email, invite.email, invite.email_domains ? (JSON.parse(invite.email_domains) as string[]) : null);
  if (problem) throw errors.inviteRefused('not_for_you', problem);
  if (await findMembership(tx, workspace.id, input.userId)) {
    throw errors.inviteRefused('already_member', `You are already a member of ${workspace.name}.`, { workspace: workspace.id });
  }
  const allowed = effectiveMemberLimit(workspace.max_members, services.config.maxMembers);
  const left = seatsLeft(allowed, await countMembers(tx, workspace.id), await countHeldSeats(tx, workspace.id, input.now, invite.id));
  if (left === 0) {
    throw errors.inviteRefused('no_seats', `${workspace.name} has no seats left (${allowed} members at most). Ask an admin of the workspace to free a seat or raise the limit.`, {
      allowed,
    });
  }
  await insertMembership(tx, { workspaceId: workspace.id, userId: input.userId, role: invite.role, now: input.now });
  await tx.updateTable('invites').set({ uses: invite.uses + 1 }).where('id', '=', invite.id).execute();
  await tx.insertInto('invite_uses').values({ invite_id: invite.id, user_id: input.userId, joined_at: input.now }).execute();
  return { workspaceId: workspace.id, workspaceName: workspace.name, role: invite.role };
}

export function acceptInvite(services: Services, input: { token: string; userId: string; email: string }) {
  return services.db.transaction().execute((tx) => acceptInviteInTransaction(tx, services, { ...input, now: services.now() }));
}
