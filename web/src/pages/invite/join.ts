// Joining through an invitation, shared by the invitation page's forms.
import type { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/client';
import { inviteRefusal, type InviteRefusal } from '../../api/invites';
import { navigate } from '../../navigation/location';
import { showNotice } from '../../session/notice';

/** A refusal to show on the page: the server's sentence, and its reason when it gave one. */
export interface JoinProblem {
  reason: InviteRefusal | undefined;
  message: string;
  /** for already_member: the workspace the person is already in */
  workspace?: string;
}

export function joinProblemOf(error: unknown): JoinProblem {
  const reason = inviteRefusal(error);
  const data = isApiError(error) ? error.errorData : {};
  return {
    reason,
    message: error instanceof Error ? error.message : String(error),
    ...(typeof data.workspace === 'string' ? { workspace: data.workspace } : {}),
  };
}

/** Joined: the session is in the new workspace; the Profile page says so. */
export function welcome(queryClient: QueryClient, title: string, text?: string): void {
  showNotice(title, text);
  queryClient.clear();
  navigate('/profile', { replace: true });
}

