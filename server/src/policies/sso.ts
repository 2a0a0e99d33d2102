// Single sign-on: who may require it for a workspace, who sees that, and whose password still signs in.
import { passwordSessionOnly, policy, type Actor, type Verdict } from './core.ts';
import type { MemberRole } from '../db/schema.ts';

export interface WorkspaceSsoSubject {
  /** the caller's role in the workspace */
  role: MemberRole;
  /** the server has at least one OpenID Connect provider (FOYER_OIDC_PROVIDERS) */
  providersConfigured: boolean;
}

export interface PasswordSignInSubject {
  /** FOYER_PASSWORD_SIGNIN=off */
  serverWideOff: boolean;
  serverAdmin: boolean;
  /** the workspaces that require single sign-on of this person (they are not an owner there) */
  requiredBy: string[];
  /** what the sign-in page offers instead: "Corp ID" or "Corp ID or Google" */
  providerNames: string;
}

const keyPairsNever = passwordSessionOnly('Single sign-on is required or lifted');

function mayRequire(actor: Actor | undefined, subject: WorkspaceSsoSubject): Verdict {
  const asPerson = keyPairsNever(actor);
  if (asPerson !== true) return asPerson;
  if (!subject.providersConfigured) return 'This server has no sign-in provider (FOYER_OIDC_PROVIDERS): ask its operator to configure one first';
  if (subject.role !== 'owner') return 'Only workspace owners can require single sign-on';
  return true;
}

/**
 * A password signs in unless the server turned passwords off (its administrators keep theirs, the way in when the
 * provider fails) or a workspace of the person requires single sign-on (its owners keep theirs: the break-glass owners).
 */
function maySignInWithPassword(_actor: Actor | undefined, subject: PasswordSignInSubject): Verdict {
  const instead = subject.providerNames ? `sign in with ${subject.providerNames}` : 'ask an administrator';
  if (subject.serverWideOff && !subject.serverAdmin) return `This server does not take passwords for signing in: ${instead}.`;
  if (subject.requiredBy.length > 0) return `${subject.requiredBy.join(', ')} requires single sign-on of its members: ${instead}.`;
  return true;
}

export const ssoPolicy = policy('sso')
  .allow(['require_for_workspace'], mayRequire)
  .allow(['read_workspace_policy'], (_actor, _subject: { role: MemberRole }) => true)
  .allow(['sign_in_with_password'], maySignInWithPassword);
