// Joining through an invitation, shared by the invitation page's forms.
import type { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/client';
import { inviteRefusal } from '../../api/invites';
import { navigate } from '../../navigation/location';
import { showNotice } from '../../session/notice';
import type { InviteRefusal } from '@foyer/contract';

/** A refusal to show on the page: the server's sentence, and its reason when it gave one. */
export interface JoinProblem {
  reason: InviteRefusal | undefined;
  message: string;
  /** for already_member: the workspace the person is already in */
  workspace?: string;
  /** for unverified: the address a link went to (following it verifies the address and joins) */
  verificationSent?: string;
}

export function joinProblemOf(error: unknown): JoinProblem {
  const reason = inviteRefusal(error);
  const data = isApiError(error) ? error.errorData : {};
  return {
    reason,
    message: error instanceof Error ? error.message : String(error),
    ...(typeof data.workspace === 'string' ? { workspace: data.workspace } : {}),
    ...(typeof data.verification_sent === 'string' ? { verificationSent: data.verification_sent } : {}),
  };
}

/** What the Profile page says after a sign-in that joined, or found the person already a member. */
export function joinedLine(joined: { workspace: { name: string }; role: string; already_member?: boolean }): string {
  if (joined.already_member) return `You are already a member of ${joined.workspace.name}, and are signed in there.`;
  return `You joined ${joined.workspace.name} as ${joined.role === 'admin' ? 'an admin' : 'a member'}.`;
}

/** Joined: the session is in the new workspace; the Profile page says so. */
export function welcome(queryClient: QueryClient, title: string, text?: string): void {
  showNotice(title, text);
  queryClient.clear();
  navigate('/profile', { replace: true });
}

