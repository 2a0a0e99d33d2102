// auth.sign_up: a new person creates an account (multi mode, when sign-up is open), or joins through an
// invitation (any mode). With an invitation, the account and the membership are made in one transaction.
import { originOf, recordEvents } from '../audit/record.ts';
import { defineEndpoint } from '../http/endpoint.ts';
import { authorize } from '../policies/index.ts';
import { insertUserAccount, prepareAccount } from './accounts.ts';
import { acceptInviteInTransaction } from '../invites/accept.ts';
import { findWorkspace } from '../workspaces/store.ts';
import { issueSession } from '../auth/session-issue.ts';
import { mailWelcomeVerification } from '../email-addresses/links.ts';

export const signUpEndpoint = defineEndpoint({
  name: 'auth.sign_up',
  auth: 'none',
  changesState: true,
  async handle(ctx, params) {
    const { services } = ctx;
    const { config, db } = services;
    authorize(ctx, 'sign_up.create_account', { mode: config.mode, signup: config.signup, invited: params.invite_token !== undefined });
    const now = services.now();
    const prepared = await prepareAccount({ ...params, serverRole: 'user', now });
    const result = await db.transaction().execute(async (tx) => {
      const account = await insertUserAccount(tx, config.mode, { ...params, serverRole: 'user', now, prepared, joinDefaultWorkspace: false });
      const created = { kind: 'account.created' as const, actor: account.userId, subject: account.userId, details: { invited: params.invite_token !== undefined } };
      await recordEvents(tx, now, originOf(ctx.request), [{ ...created, workspace: account.workspaceId ?? null }]);
      if (!params.invite_token) return { userId: account.userId, workspaceId: account.workspaceId, role: 'owner' as const, waiting: undefined };
      // a bound link with mail on: the account is made now and joins when its address is verified (the link below)
      const joined = await acceptInviteInTransaction(tx, services, { token: params.invite_token, userId: account.userId, email: prepared.email, now, origin: originOf(ctx.request), whenUnverified: 'wait' });
      if ('waitingForVerification' in joined) return { userId: account.userId, workspaceId: account.workspaceId, role: 'owner' as const, waiting: joined };
      await tx.updateTable('users').set({ active_workspace_id: joined.workspaceId }).where('id', '=', account.userId).execute();
      return { userId: account.userId, workspaceId: joined.workspaceId, role: joined.role, waiting: undefined };
    });
    const verificationSent = await mailWelcomeVerification(services, { id: result.userId, name: prepared.name, email: prepared.email }, result.waiting);
    const waitingToJoin = result.waiting?.workspaceName ?? null;
    // single mode, waiting for the address: no workspace yet, so no session; the link joins, then the person signs in
    if (!result.workspaceId) return { user: result.userId, workspace: null, verification_sent: verificationSent, waiting_to_join: waitingToJoin };
    const workspace = (await findWorkspace(db, result.workspaceId))!;
    await issueSession(
      ctx,
      {
        userId: result.userId,
        userName: prepared.name,
        email: prepared.email,
        serverRole: 'user',
        workspaceId: workspace.id,
        workspaceName: workspace.name,
        memberRole: result.role,
      },
      config.tokenDefaultExpirationSec,
    );
    return { user: result.userId, workspace: { id: workspace.id, name: workspace.name }, verification_sent: verificationSent, waiting_to_join: waitingToJoin };
  },
});
