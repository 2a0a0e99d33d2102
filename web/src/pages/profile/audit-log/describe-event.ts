// An entry of the security or audit log in words: what happened, and on what, as a person reads it.
import type { AuditEvent, AuditEventGroup, AuditEventPerson } from '@foyer/contract';
import { clientName } from '../sessions/describe-session';
import { exactTime, parseTime } from '../../../ui/times';

/** The groups each log offers as a filter, in the words of the filter. */
export const GROUP_LABELS: Record<AuditEventGroup, string> = {
  account: 'Account',
  sign_in: 'Sign-ins',
  password: 'Password',
  two_factor: 'Two-factor',
  sso: 'Single sign-on',
  email: 'Email',
  key: 'Key pairs',
  session: 'Sessions',
  invite: 'Invitations',
  member: 'Members',
  workspace: 'Workspace',
  cloud_access: 'Cloud access',
};

export const SECURITY_LOG_GROUPS: AuditEventGroup[] = ['sign_in', 'password', 'email', 'sso', 'key', 'session', 'member', 'account'];
export const AUDIT_LOG_GROUPS: AuditEventGroup[] = ['member', 'invite', 'key', 'sign_in', 'workspace', 'cloud_access'];

/** A person as the log names them: "you", their name, or that the account is gone. */
export function personName(person: AuditEventPerson | null, you: string): string {
  if (!person) return 'Nobody signed in';
  if (person.id === you) return 'You';
  return person.name ?? person.email ?? 'A deleted account';
}

function whom(person: AuditEventPerson | null, you: string): string {
  if (!person) return 'someone';
  if (person.id === you) return 'you';
  return person.name ?? person.email ?? 'a deleted account';
}

const ROLE: Record<string, string> = { owner: 'owner', admin: 'admin', member: 'member' };

/** An ISO time a detail holds, as people read it. */
function untilWords(value: unknown): string {
  const date = typeof value === 'string' ? parseTime(value) : undefined;
  return date ? exactTime(date) : String(value);
}

function keyName(event: AuditEvent): string {
  return event.target ? `Key pair ${event.target}` : 'A key pair';
}

/** One line saying what happened. */
export function describeEvent(event: AuditEvent, you: string): string {
  const { details } = event;
  const subject = whom(event.subject, you);
  const workspace = event.workspace?.name ? ` in ${event.workspace.name}` : '';
  const into = event.workspace?.name ? ` to ${event.workspace.name}` : '';
  const named = event.workspace?.name ?? 'the workspace';
  const label = typeof details.label === 'string' && details.label ? ` "${details.label}"` : '';
  switch (event.kind) {
    case 'account.created':
      return details.via === 'sso' ? `Account created at the first sign-in with ${String(details.provider)}` : 'Account created';
    case 'sign_in.sso':
      return `Signed in${into} with ${String(details.provider)}`;
    case 'sso.linked':
      return `Sign-in with ${String(details.provider)} linked to this account (as ${String(details.email)}), confirmed with the password`;
    case 'sign_in.password':
      return `Signed in${into} with the password`;
    case 'sign_in.key':
      return `${keyName(event)} signed in${into}`;
    case 'sign_in.failed':
      return 'Sign-in refused: wrong password';
    case 'sign_in.throttled':
      return 'Sign-in refused: too many wrong passwords, a wait was in force';
    case 'sign_in.second_factor_failed':
      return 'Sign-in refused: wrong two-factor code';
    case 'sign_in.recovery_code_used':
      return 'Signed in with a recovery code';
    case 'password.changed':
      return details.ended_other_sessions ? 'Password changed, and the other sessions signed out' : 'Password changed';
    case 'password.reset_requested':
      return details.via === 'cli' ? 'Password reset link printed by the server’s operator' : 'Password reset link asked for, and mailed';
    case 'password.reset': {
      const ended = typeof details.sessions_ended === 'number' ? details.sessions_ended : 0;
      return ended > 0 ? `Password reset by link, and every session signed out (${ended})` : 'Password reset by link';
    }
    case 'two_factor.enabled':
      return 'Two-factor sign-in turned on';
    case 'two_factor.disabled':
      return details.via === 'cli' ? 'Two-factor sign-in turned off by the server’s operator' : 'Two-factor sign-in turned off';
    case 'two_factor.recovery_codes_renewed':
      return 'New recovery codes made';
    case 'email.verified':
      return details.by === 'link' ? 'Email address verified by the link mailed to it' : 'Email address verified';
    case 'email.changed':
      return details.verified === true
        ? 'Email address changed, verified by the link mailed to the new one'
        : details.verified === false
          ? 'Email address changed, not verified (this server sends no mail)'
          : 'Email address changed';
    case 'key.created':
      return `${keyName(event)}${label} created${workspace}`;
    case 'key.relabelled':
      return label ? `${keyName(event)} relabelled${label}` : `${keyName(event)}: label removed`;
    case 'key.revoked':
      return `${keyName(event)} revoked${workspace}`;
    case 'key.used_from_new_place':
      return `${keyName(event)} used from an address it was never used from before`;
    case 'key.reported_leaked':
      return `${keyName(event)} revoked: its secret was reported as leaked`;
    case 'key.revoked_unused':
      return `${keyName(event)} revoked: unused for ${details.unused_days} days, as the workspace’s rule says`;
    case 'key.rotated':
      return details.old_secret_until
        ? `${keyName(event)} given a new secret; the old one works until ${untilWords(details.old_secret_until)}`
        : `${keyName(event)} given a new secret; the old one stopped working at once`;
    case 'key.rotation_ended':
      return details.by === 'leak_report'
        ? `${keyName(event)}: its old secret stopped working early, as it was reported as leaked`
        : `${keyName(event)}: its old secret stopped working early (overlap ended)`;
    case 'key.rotation_rolled_back':
      return `${keyName(event)}: rotation rolled back, the old secret is its secret again`;
    case 'session.ended':
      return details.this_session ? 'Signed out of this session' : 'A session was ended';
    case 'session.ended_others': {
      const count = typeof details.sessions === 'number' ? details.sessions : 0;
      return count === 1 ? 'One other browser signed out' : `${count} other browsers signed out`;
    }
    case 'invite.created': {
      const role = typeof details.role === 'string' ? ` as ${ROLE[details.role] ?? details.role}` : '';
      return `Invitation link made to join${role}`;
    }
    case 'invite.revoked':
      return 'Invitation link revoked';
    case 'invite.accepted':
      return `Invitation accepted by ${subject}`;
    case 'invite.sent':
      return typeof details.to === 'string' ? `Invitation link sent by email to ${details.to}` : 'Invitation link sent by email';
    case 'member.joined':
      return details.by === 'sso_rule' ? `${capital(subject)} joined ${named} by a rule of ${String(details.provider)}` : `${capital(subject)} joined ${named}`;
    case 'member.left':
      return `${capital(subject)} left ${named}`;
    case 'member.removed':
      return details.by === 'sso_rule' ? `${capital(subject)} removed from ${named}: no rule of ${String(details.provider)} gives it any more` : `${capital(subject)} removed from ${named}`;
    case 'member.role_changed':
      if (details.by === 'sso_rule') return `${capital(subject)} made ${ROLE[String(details.to)] ?? String(details.to)} (was ${ROLE[String(details.from)] ?? String(details.from)}) by the rules of ${String(details.provider)}`;
      return `${capital(subject)} made ${ROLE[String(details.to)] ?? String(details.to)} (was ${ROLE[String(details.from)] ?? String(details.from)})`;
    case 'workspace.created':
      return `Workspace ${typeof details.name === 'string' ? details.name : ''} created`.replace('  ', ' ');
    case 'workspace.renamed':
      return `Workspace renamed from ${String(details.from)} to ${String(details.to)}`;
    case 'workspace.settings_changed':
      return `Workspace settings changed: ${settingsChanged(details)}`;
    case 'cloud_access.added':
      return `Cloud access to ${event.target ?? 'a bucket'} added${details.scope === 'workspace' ? ', shared with the workspace' : ''}`;
    case 'cloud_access.changed':
      return `Cloud access to ${event.target ?? 'a bucket'} changed${details.secret_replaced ? ', keys replaced' : ''}`;
    case 'cloud_access.removed':
      return `Cloud access to ${event.target ?? 'a bucket'} removed`;
    case 'cloud_access.tested':
      return `Access to ${event.target ?? 'an object'} tested: ${details.outcome === 'signed' ? 'signed' : `refused (${String(details.outcome).replaceAll('_', ' ')})`}`;
  }
}

function settingsChanged(details: AuditEvent['details']): string {
  const parts: string[] = [];
  if ('max_members' in details) parts.push(details.max_members === null ? 'no member limit' : `member limit ${String(details.max_members)}`);
  if ('who_can_invite' in details) parts.push(details.who_can_invite === 'admins' ? 'only admins invite' : 'members may invite');
  if ('require_sso' in details) parts.push(details.require_sso ? 'single sign-on required of members (owners keep their password)' : 'single sign-on no longer required');
  return parts.join(', ') || 'settings';
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "203.0.113.9 · ClearML SDK 1.17.0 on gpu-03": where a call came from. */
export function describeOrigin(event: AuditEvent): string {
  const parts: string[] = [];
  if (event.ip) parts.push(event.ip);
  if (event.client) parts.push(`${clientName(event.client)}${event.client.host ? ` on ${event.client.host}` : ''}`);
  return parts.join(' · ') || 'an unknown place';
}
