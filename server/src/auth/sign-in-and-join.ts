// auth.sign_in_and_join: an existing account opens an invitation link, signs in with its password and joins, in one
// call. It is the only way back for an account that belongs to no workspace (removed from its last one, or left
// it), which auth.login refuses; for any other account it saves the second step. A refused invitation signs no one
// in and changes nothing, except that a member already in the workspace is signed in there.
import { originOf, recordEvent } from '../audit/record.ts';
import { defineEndpoint } from '../http/endpoint.ts';
import { ApiError } from '../http/errors.ts';
import { acceptInviteInTransaction } from '../invites/accept.ts';
import { setActiveWorkspace } from '../users/store.ts';
import { findMembership } from '../workspaces/store.ts';
import { checkPassword, otpOf } from './authenticate.ts';
import { issueSession } from './session-issue.ts';
import { offerVerificationToJoin } from '../email-addresses/links.ts';

export const signInAndJoinEndpoint = defineEndpoint({
  name: 'auth.sign_in_and_join',
  auth: 'none',
  changesState: true,
  authorize: 'public.sign_in_and_join',
  async handle(ctx, params) {
    const { services } = ctx;
    const { user, succeeded } = await checkPassword(services, params.email, params.password, ctx.request, otpOf(ctx.request, params.otp));
    const now = services.now();
    let joined: { workspaceId: string; workspaceName: string; role: 'owner' | 'admin' | 'member'; alreadyMember: boolean };
    try {
      joined = await services.db.transaction().execute(async (tx) => {
        const accepted = await acceptInviteInTransaction(tx, services, { token: params.invite_token, userId: user.id, email: user.email, now, origin: originOf(ctx.request) });
        await setActiveWorkspace(tx, user.id, accepted.workspaceId);
        return { ...accepted, alreadyMember: false };
      });
    } catch (error) {
      const workspaceId = error instanceof ApiError && error.data.reason === 'already_member' ? error.data.workspace : undefined;
      const membership = typeof workspaceId === 'string' ? await findMembership(services.db, workspaceId, user.id) : undefined;
      if (!membership) {
        await succeeded(); // the password was right: a refused invitation is not a guess
        throw await offerVerificationToJoin(services, error, user, params.invite_token);
      }
      await setActiveWorkspace(services.db, user.id, membership.id);
      joined = { workspaceId: membership.id, workspaceName: membership.name, role: membership.role, alreadyMember: true };
    }
    await succeeded();
    await issueSession(
      ctx,
      {
        userId: user.id,
        userName: user.name,
        email: user.email,
        serverRole: user.server_role,
        workspaceId: joined.workspaceId,
        workspaceName: joined.workspaceName,
        memberRole: joined.role,
      },
      services.config.tokenDefaultExpirationSec,
    );
    await recordEvent(services.db, ctx, { kind: 'sign_in.password', actor: user.id, subject: user.id, workspace: joined.workspaceId });
    return { workspace: { id: joined.workspaceId, name: joined.workspaceName }, role: joined.role, already_member: joined.alreadyMember };
  },
});
