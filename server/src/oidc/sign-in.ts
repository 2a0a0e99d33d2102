// A sign-in with an OpenID Connect provider, after the provider's answer passed the checks (client.ts): the account
// (found by the provider's sub, made from the verified address, or an existing one linked once its password is
// typed), the memberships the provider's rules give, and the session.
import { parseCookie } from 'cookie';
import type { SsoNextStep, SsoSignedIn } from '@foyer/contract';
import type { OidcProviderSettings } from '../config.ts';
import type { CallContext } from '../http/endpoint.ts';
import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/database.ts';
import { errors } from '../http/errors.ts';
import { hashPassword } from '../auth/passwords.ts';
import { issueSession } from '../auth/session-issue.ts';
import { originOf, recordEvents, type AuditEntry } from '../audit/record.ts';
import { findTwoFactor } from '../two-factor/store.ts';
import { defaultWorkspaceId } from '../users/accounts.ts';
import { findUserById, findUserByEmail, insertUser, setActiveWorkspace, type UserRow } from '../users/store.ts';
import { insertMembership, insertWorkspace, lockWorkspace, setMemberRole, signInWorkspace } from '../workspaces/store.ts';
import { seatsOf } from '../workspaces/seats.ts';
import { removeFromWorkspace } from '../workspaces/departure.ts';
import { newId, randomToken, sha256Hex } from '../shared/ids.ts';
import { SsoFailure } from './client.ts';
import { planMemberships, rolesFromRules, type MemberRoleNow, type ProviderPerson } from './rules.ts';
import { deleteGrant, findIdentity, insertFlow, insertIdentity, membershipsWithGrants, resolveWorkspaces, touchIdentity, writeGrant } from './store.ts';

/** The httpOnly cookie that binds a flow to the browser that began it: a random value, kept only as a hash. */
export const BROWSER_COOKIE = 'foyer_sso_browser';
/** From "Sign in with …" to the provider's answer; and for the step after it (the password, the code). */
export const FLOW_LIFETIME_MS = 10 * 60 * 1000;
export const STEP_LIFETIME_MS = 15 * 60 * 1000;

export function browserValueOf(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  const value = parseCookie(cookieHeader)[BROWSER_COOKIE];
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

/** Whether the call comes from the browser the flow was begun in. */
export function sameBrowser(ctx: CallContext, browserHash: string): boolean {
  const value = browserValueOf(ctx.request.headers.cookie);
  return value !== undefined && sha256Hex(value) === browserHash;
}

export function providerOf(ctx: CallContext, id: string): OidcProviderSettings {
  const provider = ctx.services.config.oidcProviders.find((candidate) => candidate.id === id);
  if (!provider) throw new SsoFailure('unknown_provider', `This server has no sign-in provider "${id.slice(0, 40)}"`);
  return provider;
}

export function refusal(failure: SsoFailure, data: Record<string, unknown> = {}) {
  return errors.ssoRefused(failure.reason, failure.message, data);
}

/** What a step row keeps of the person between the provider's answer and the step. */
interface StepClaims extends ProviderPerson {
  providerId: string;
}

async function nextStep(ctx: CallContext, stage: 'link' | 'second_factor', provider: OidcProviderSettings, person: ProviderPerson, user: UserRow, browserHash: string): Promise<SsoNextStep> {
  const now = ctx.services.now();
  const token = randomToken();
  const claims: StepClaims = { ...person, providerId: provider.id };
  await insertFlow(ctx.services.db, {
    token,
    stage,
    provider_id: provider.id,
    browser_hash: browserHash,
    nonce: null,
    code_verifier: null,
    user_id: user.id,
    claims: JSON.stringify(claims),
    created_at: now,
    expires_at: now + STEP_LIFETIME_MS,
  });
  return { outcome: stage === 'link' ? 'link_required' : 'second_factor_required', step_token: token, email: user.email, provider: { id: provider.id, name: provider.name } };
}

export function personOfStep(claimsJson: string | null): ProviderPerson {
  const parsed = JSON.parse(claimsJson ?? '{}') as StepClaims;
  return { subject: parsed.subject, email: parsed.email, name: parsed.name, groups: parsed.groups };
}

/**
 * After the provider's answer: the account the sub is linked to; else a new account from the verified address; else,
 * for an address an account already has, the step that links it with its password. An account with two-factor on
 * is asked its code (a step too) before the session opens.
 */
export async function signInFromProvider(ctx: CallContext, provider: OidcProviderSettings, person: ProviderPerson, browserHash: string): Promise<SsoSignedIn | SsoNextStep> {
  const { db } = ctx.services;
  for (let attempt = 0; ; attempt++) {
    const identity = await findIdentity(db, provider.id, person.subject);
    if (identity) {
      const user = await findUserById(db, identity.user_id);
      if (!user) throw new SsoFailure('flow_unknown', 'The account this identity was linked to is gone');
      if (await hasSecondFactor(db, user.id)) return nextStep(ctx, 'second_factor', provider, person, user, browserHash);
      return finishSignIn(ctx, provider, person, user, { created: false, linked: false });
    }
    const existing = await findUserByEmail(db, person.email);
    if (existing) return nextStep(ctx, 'link', provider, person, existing, browserHash);
    try {
      return await createAccount(ctx, provider, person);
    } catch (error) {
      // another sign-in of the same person made the account (or an account took the address) meanwhile: look again
      if (isUniqueViolation(error) && attempt === 0) continue;
      throw error;
    }
  }
}

async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  const row = await findTwoFactor(db, userId);
  return row !== undefined && row.enabled_at !== null;
}

/**
 * A new account, with no password anyone knows (the person signs in with the provider; "Forgot password?" sets one
 * where this server allows passwords), the address verified by the provider, and the memberships the rules give: in
 * multi mode also a personal workspace; in single mode, a provider without rules admits its people to the one workspace.
 */
async function createAccount(ctx: CallContext, provider: OidcProviderSettings, person: ProviderPerson): Promise<SsoSignedIn> {
  const { services } = ctx;
  const { config } = services;
  const now = services.now();
  const passwordHash = await hashPassword(randomToken(32));
  const defaultWorkspace = config.mode === 'single' && provider.rules.length === 0 ? await defaultWorkspaceId(services.db, now, config.workspaceName) : undefined;
  const userId = newId();
  const result = await services.db.transaction().execute(async (tx) => {
    await insertUser(tx, { id: userId, email: person.email, name: person.name, passwordHash, serverRole: 'user', now, emailVerified: true });
    await insertIdentity(tx, { providerId: provider.id, subject: person.subject, userId, email: person.email, now });
    const entries: AuditEntry[] = [{ kind: 'account.created', actor: userId, subject: userId, target: provider.id, details: { via: 'sso', provider: provider.name } }];
    if (config.mode === 'multi') {
      const personal = await insertWorkspace(tx, { name: `${person.name}'s workspace`, personalOfUserId: userId, now });
      await insertMembership(tx, { workspaceId: personal, userId, role: 'owner', now });
    }
    const extra = defaultWorkspace ? new Map([[defaultWorkspace, 'member' as const]]) : undefined;
    entries.push(...(await applyRules(tx, ctx, provider, person, userId, extra)));
    const workspace = await signInWorkspace(tx, userId, null);
    if (!workspace) throw new SsoFailure('no_access', `Your account at ${provider.name} gives you no workspace on this server. Ask an administrator to add a rule for you, or an invitation.`);
    await recordEvents(tx, now, originOf(ctx.request), entries);
    return workspace;
  });
  const user = await findUserById(services.db, userId);
  await openSession(ctx, provider, user!, { id: result.id, name: result.name, role: result.role });
  return { outcome: 'signed_in', created: true, workspace: { id: result.id, name: result.name } };
}

/** The rules re-applied, the identity's address and time noted (or the identity linked), and the session opened. */
export async function finishSignIn(ctx: CallContext, provider: OidcProviderSettings, person: ProviderPerson, user: UserRow, how: { created: boolean; linked: boolean }): Promise<SsoSignedIn> {
  const { services } = ctx;
  const now = services.now();
  const workspace = await services.db.transaction().execute(async (tx) => {
    const entries: AuditEntry[] = [];
    if (how.linked) {
      await insertIdentity(tx, { providerId: provider.id, subject: person.subject, userId: user.id, email: person.email, now });
      entries.push({ kind: 'sso.linked', actor: user.id, subject: user.id, target: provider.id, details: { provider: provider.name, email: person.email } });
    } else {
      await touchIdentity(tx, provider.id, person.subject, person.email, now);
    }
    entries.push(...(await applyRules(tx, ctx, provider, person, user.id)));
    await recordEvents(tx, now, originOf(ctx.request), entries);
    return signInWorkspace(tx, user.id, user.active_workspace_id);
  });
  if (!workspace) throw new SsoFailure('no_access', `Your account at ${provider.name} gives you no workspace on this server any more. Ask an administrator for an invitation.`);
  await openSession(ctx, provider, user, { id: workspace.id, name: workspace.name, role: workspace.role });
  return { outcome: 'signed_in', created: how.created, workspace: { id: workspace.id, name: workspace.name } };
}

async function openSession(ctx: CallContext, provider: OidcProviderSettings, user: UserRow, workspace: { id: string; name: string; role: MemberRoleNow }): Promise<void> {
  const { services } = ctx;
  await setActiveWorkspace(services.db, user.id, workspace.id);
  await issueSession(
    ctx,
    { userId: user.id, userName: user.name, email: user.email, serverRole: user.server_role, workspaceId: workspace.id, workspaceName: workspace.name, memberRole: workspace.role },
    services.config.tokenDefaultExpirationSec,
  );
  await recordEvents(services.db, services.now(), originOf(ctx.request), [
    { kind: 'sign_in.sso', actor: user.id, subject: user.id, workspace: workspace.id, target: provider.id, details: { provider: provider.name } },
  ]);
}

/**
 * The provider's rules applied to the person's memberships, inside the caller's transaction, every workspace they
 * touch locked (in id order) first: joins where a seat is left (a full workspace refuses the whole sign-in, which then
 * changes nothing), role changes, and departures from rule-given memberships no rule gives any more (keys and sessions
 * there end, as when leaving). `extra`: memberships given besides the rules (single mode's one workspace).
 */
async function applyRules(tx: Db, ctx: CallContext, provider: OidcProviderSettings, person: ProviderPerson, userId: string, extra?: ReadonlyMap<string, 'member' | 'admin'>): Promise<AuditEntry[]> {
  const { config } = ctx.services;
  const now = ctx.services.now();
  const byRef = rolesFromRules(provider.rules, person);
  const resolved = await resolveWorkspaces(tx, [...byRef.keys()]);
  const wanted = new Map<string, 'member' | 'admin'>(extra ?? []);
  for (const [ref, role] of byRef) {
    const workspace = resolved.get(ref);
    if (!workspace) {
      ctx.services.log.warn({ provider: provider.id, workspace: ref.slice(0, 100) }, 'an OpenID Connect rule names a workspace that does not exist (or a name several share): skipped');
      continue;
    }
    if ((wanted.get(workspace.id) ?? 'member') === 'member') wanted.set(workspace.id, role);
  }
  const { grants } = await membershipsWithGrants(tx, userId);
  const ownGrants = grants.filter((grant) => grant.provider_id === provider.id);
  const touched = [...new Set([...wanted.keys(), ...ownGrants.map((grant) => grant.workspace_id)])].sort();
  const workspaces = new Map<string, NonNullable<Awaited<ReturnType<typeof lockWorkspace>>>>();
  for (const id of touched) {
    const locked = await lockWorkspace(tx, id);
    if (locked) workspaces.set(id, locked);
  }
  // read again under the locks: a membership may have changed while they were taken
  const { memberships } = await membershipsWithGrants(tx, userId);
  const current = new Map(memberships.map((row) => [row.workspace_id, row.role as MemberRoleNow]));
  // memberships another provider's rules gave are that provider's to change
  const others = new Set(grants.filter((grant) => grant.provider_id !== provider.id).map((grant) => grant.workspace_id));
  for (const id of others) wanted.delete(id);
  const plan = planMemberships(wanted, current, new Map(ownGrants.map((grant) => [grant.workspace_id, grant.role])));
  const entries: AuditEntry[] = [];
  const by = { by: 'sso_rule', provider: provider.name };
  for (const { workspaceId, role } of plan.join) {
    const workspace = workspaces.get(workspaceId)!;
    const seats = await seatsOf(tx, config.maxMembers, workspace, now);
    if (seats.left !== null && seats.left <= 0) {
      throw new SsoFailure('workspace_full', `The workspace "${workspace.name}" has no seat left (${seats.allowed} members at most), so your account at ${provider.name} cannot join it. Ask one of its owners to make room, then sign in again.`);
    }
    await insertMembership(tx, { workspaceId, userId, role, now });
    entries.push({ kind: 'member.joined', actor: userId, subject: userId, workspace: workspaceId, target: provider.id, details: { role, ...by } });
  }
  for (const { workspaceId, from, role } of plan.changeRole) {
    await setMemberRole(tx, workspaceId, userId, role);
    entries.push({ kind: 'member.role_changed', actor: null, subject: userId, workspace: workspaceId, target: provider.id, details: { from, to: role, ...by } });
  }
  for (const workspaceId of plan.remove) {
    const role = current.get(workspaceId)!;
    const { revokedCredentials } = await removeFromWorkspace(tx, workspaceId, userId, now);
    await deleteGrant(tx, workspaceId, userId);
    entries.push({ kind: 'member.removed', actor: null, subject: userId, workspace: workspaceId, target: provider.id, details: { role, revoked_key_pairs: revokedCredentials, ...by } });
  }
  for (const workspaceId of plan.release) await deleteGrant(tx, workspaceId, userId);
  for (const { workspaceId, role } of plan.grant) await writeGrant(tx, { workspaceId, userId, providerId: provider.id, role, now });
  return entries;
}
