// Why a session ended elsewhere, as the server names it (error_data.session_ended on a 401), and the one line the
// sign-in page says about it. The reason travels to the sign-in page as `?ended=<reason>`: a word from this list,
// never free text, so a crafted link can only choose one of these sentences.
import { isApiError } from '../api/client';

const SESSION_END_LINES = {
  signed_out: 'You were signed out: this session was ended in another tab or window.',
  ended_elsewhere: 'You were signed out: this session was ended from another of your sessions (the Sessions list on the Profile page).',
  password_changed: 'Your password was changed, which signed out every session. Sign in with the new password.',
  membership_ended: 'You are no longer a member of the workspace you were in. Sign in to continue in another one.',
  key_revoked: 'The key pair this session was opened with was revoked.',
  // said by this app itself after a person leaves their only workspace (the server ends the session with it)
  left: 'You left your only workspace, which signed you out. To come back, ask an owner for a new invitation link.',
  expired: 'Your session expired. Sign in again to continue.',
  unknown: 'Your session ended. Sign in again to continue.',
} as const;

export type SessionEndReason = keyof typeof SESSION_END_LINES;

function isSessionEndReason(value: unknown): value is SessionEndReason {
  return typeof value === 'string' && Object.hasOwn(SESSION_END_LINES, value);
}

/** The reason a call was refused because its session ended, if that is why. */
export function sessionEndOf(error: unknown): SessionEndReason | undefined {
  if (!isApiError(error, 401)) return undefined;
  const reason = error.errorData.session_ended;
  return isSessionEndReason(reason) ? reason : undefined;
}

/** The line for an `ended` parameter, or undefined for anything not on the list. */
export function sessionEndLine(reason: string | null): string | undefined {
  return isSessionEndReason(reason) ? SESSION_END_LINES[reason] : undefined;
}
