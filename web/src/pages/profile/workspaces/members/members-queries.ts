import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { revokeInvite } from '../../../../api/invites';
import { getLeaveImpact, leaveWorkspace, removeMember, setMemberRole, switchWorkspace } from '../../../../api/workspaces';
import { navigate } from '../../../../navigation/location';
import { dismissNotice, showNotice } from '../../../../session/notice';
import { invalidateWorkspace, reloadEverything } from '../../../../workspaces/workspace-queries';
import type { WorkspaceRole } from '@foyer/contract';

export function useSetMemberRole(workspace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ user, role }: { user: string; role: WorkspaceRole }) => setMemberRole(workspace, user, role),
    onSettled: () => invalidateWorkspace(queryClient, workspace),
  });
}

export function useRemoveMember(workspace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: string) => removeMember(workspace, user),
    onSettled: () => invalidateWorkspace(queryClient, workspace),
  });
}

export function useRevokeInvite(workspace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeInvite,
    onSettled: () => invalidateWorkspace(queryClient, workspace),
  });
}

export function useLeaveImpact(workspace: string, enabled: boolean) {
  return useQuery({
    queryKey: ['workspaces.get_leave_impact', workspace],
    queryFn: () => getLeaveImpact(workspace),
    enabled,
    staleTime: 0,
    gcTime: 0,
  });
}

function credentialCount(count: number): string {
  return count === 1 ? '1 credential' : `${count} credentials`;
}

/**
 * Leaves a workspace. Leaving the one the session is in would end the session, so the session first moves to
 * `continueIn` (another of the person's workspaces), and they stay signed in. With no other workspace (a
 * single-workspace server) the session ends with the membership: the person is signed out, onto the sign-in page.
 */
export function useLeaveWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ workspace, continueIn }: { workspace: { id: string; name: string }; continueIn?: { id: string; name: string } }) => {
      if (continueIn) await switchWorkspace(continueIn.id);
      try {
        const result = await leaveWorkspace(workspace.id);
        return { ...result, workspace, continueIn };
      } catch (error) {
        if (continueIn) {
          // The session moved already: say so, and show what is true now.
          const why = error instanceof Error ? `${error.message} ` : '';
          showNotice(`You did not leave ${workspace.name}`, `${why}You are now in ${continueIn.name}.`, 'problem');
          await reloadEverything(queryClient);
        }
        throw error;
      }
    },
    onSuccess: async ({ revoked_credentials: revoked, session_ended: sessionEnded, workspace, continueIn }) => {
      if (sessionEnded && !continueIn) {
        dismissNotice();
        navigate('/login?ended=left', { replace: true });
        queryClient.clear();
        return;
      }
      const keys =
        revoked > 0 ? `Your ${credentialCount(revoked)} there ${revoked === 1 ? 'was' : 'were'} revoked.` : 'You held no credentials there.';
      showNotice(`You left ${workspace.name}.`, continueIn ? `${keys} You are now in ${continueIn.name}.` : keys);
      await reloadEverything(queryClient);
    },
  });
}
