// Pure rules of a sign-in with an OpenID Connect provider: who the provider says the person is, and which
// memberships its rules give them. Free of HTTP and SQL.
import { EMAIL_PATTERN, MAX_EMAIL_LENGTH, normalizeEmail, type SsoRefusal } from '@foyer/contract';
import type { OidcProviderSettings, OidcRule } from '../config.ts';

/** The person as the provider vouches for them. */
export interface ProviderPerson {
  subject: string;
  email: string;
  name: string;
  groups: string[];
}

const MAX_GROUPS = 1000;

/** A claim the provider may send as a boolean or, in older providers, as the string "true". */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Pure rule: the person from the ID token's claims (with the userinfo answer's), or why they cannot sign in. */
export function personFromClaims(claims: Record<string, unknown>, provider: Pick<OidcProviderSettings, 'trust_unverified_email' | 'groups_claim'>): ProviderPerson | SsoRefusal {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject === '' || subject.length > 255) return 'token_invalid';
  const rawEmail = claims.email;
  if (typeof rawEmail !== 'string') return 'email_missing';
  const email = normalizeEmail(rawEmail);
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(email)) return 'email_missing';
  if (!isTrue(claims.email_verified) && !provider.trust_unverified_email) return 'email_unverified';
  return { subject, email, name: nameOf(claims, email), groups: groupsOf(claims[provider.groups_claim]) };
}

function nameOf(claims: Record<string, unknown>, email: string): string {
  const given = typeof claims.given_name === 'string' ? claims.given_name : '';
  const family = typeof claims.family_name === 'string' ? claims.family_name : '';
  const candidates = [claims.name, `${given} ${family}`, claims.preferred_username, email.split('@')[0]];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const cleaned = candidate.trim().replace(/\s+/g, ' ').slice(0, 100);
    if (cleaned !== '') return cleaned;
  }
  return email;
}

/** A groups claim is a list of names (Keycloak may prefix them with "/"); a single string counts as one group. */
function groupsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.filter((group): group is string => typeof group === 'string' && group !== '').slice(0, MAX_GROUPS);
}

function groupMatches(wanted: string, groups: readonly string[]): boolean {
  const bare = (group: string) => group.replace(/^\/+/, '');
  return groups.some((group) => group === wanted || bare(group) === bare(wanted));
}

/** Pure rule: whether a rule applies to the person (every condition it sets holds; a rule without one applies to everyone). */
export function ruleApplies(rule: OidcRule, person: Pick<ProviderPerson, 'email' | 'groups'>): boolean {
  if (rule.email_domain !== undefined && person.email.slice(person.email.lastIndexOf('@') + 1) !== rule.email_domain) return false;
  if (rule.group !== undefined && !groupMatches(rule.group, person.groups)) return false;
  return true;
}

const ROLE_RANK = { member: 0, admin: 1 } as const;

/** Pure rule: the role the rules give in each workspace they name (by id or name, as written), the highest where several apply. */
export function rolesFromRules(rules: readonly OidcRule[], person: Pick<ProviderPerson, 'email' | 'groups'>): Map<string, OidcRule['role']> {
  const roles = new Map<string, OidcRule['role']>();
  for (const rule of rules) {
    if (!ruleApplies(rule, person)) continue;
    const held = roles.get(rule.workspace);
    if (held === undefined || ROLE_RANK[rule.role] > ROLE_RANK[held]) roles.set(rule.workspace, rule.role);
  }
  return roles;
}

export type MemberRoleNow = 'owner' | 'admin' | 'member';

/** What a sign-in changes in the person's memberships. */
export interface MembershipPlan {
  join: { workspaceId: string; role: OidcRule['role'] }[];
  changeRole: { workspaceId: string; from: MemberRoleNow; role: OidcRule['role'] }[];
  /** rule-given memberships no rule gives any more: the person leaves */
  remove: string[];
  /** rule-given memberships someone changed by hand since: from now on they are hand-given, and the rules leave them */
  release: string[];
  /** the marks of rule-given memberships to keep or write, with the role the rules give */
  grant: { workspaceId: string; role: OidcRule['role'] }[];
}

/**
 * Pure rule. `wanted`: the role the rules give, by workspace id; `current`: the person's memberships; `granted`: the
 * role each rule-given one was given. A membership given by hand (no mark) is never changed by the rules; one the rules
 * gave follows them: its role changes with them, and it ends when no rule gives it, unless someone changed its role
 * by hand since (then it is released, and stays as it is).
 */
export function planMemberships(
  wanted: ReadonlyMap<string, OidcRule['role']>,
  current: ReadonlyMap<string, MemberRoleNow>,
  granted: ReadonlyMap<string, OidcRule['role']>,
): MembershipPlan {
  const plan: MembershipPlan = { join: [], changeRole: [], remove: [], release: [], grant: [] };
  for (const [workspaceId, role] of wanted) {
    const now = current.get(workspaceId);
    const mark = granted.get(workspaceId);
    if (now === undefined) {
      plan.join.push({ workspaceId, role });
      plan.grant.push({ workspaceId, role });
    } else if (mark !== undefined && mark === now) {
      if (now !== role) plan.changeRole.push({ workspaceId, from: now, role });
      plan.grant.push({ workspaceId, role });
    } else if (mark !== undefined) {
      plan.release.push(workspaceId);
    }
  }
  for (const [workspaceId, mark] of granted) {
    if (wanted.has(workspaceId)) continue;
    const now = current.get(workspaceId);
    if (now === mark) plan.remove.push(workspaceId);
    else plan.release.push(workspaceId);
  }
  return plan;
}

/** Pure rule: whether a flow's row may still be used at `now`. */
export function flowIsLive(expiresAt: number, now: number): boolean {
  return now < expiresAt;
}
