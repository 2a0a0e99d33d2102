// Turns the Authorization header (Basic or Bearer) or the session cookie into an Identity, or a 401.
import { parseCookie } from 'cookie';
import type { Services } from '../services.ts';
import type { RequestInfo } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { ACCESS_KEY_PATTERN, secretMatches } from '../credentials/keys.ts';
import { findUserByEmail } from '../users/store.ts';
import { signInWorkspace } from '../workspaces/store.ts';
import { makeIdentity, type Identity } from './identity.ts';
import { verifyDecoy, verifyPassword } from './passwords.ts';
import { sessionOf, whySessionEnded, type EndedSessionReason } from './sessions.ts';
import { findActiveSession, findKeyOwner, userProfile, type KeyOwner } from './sign-in-lookups.ts';
import { attemptSucceeded, beginAttempt, passwordAttempt } from './throttle.ts';
import { originOf, recordEvents } from '../audit/record.ts';
import { requireSecondFactor } from '../two-factor/second-factor.ts';
import { hasExpired } from '../credentials/expiry.ts';
import { isoTime } from '../shared/time.ts';
import { refusePasswordSignInByPolicy } from '../oidc/policy.ts';

export const SESSION_COOKIE = 'clearml_token_basic';

export interface AuthInput {
  authorization: string | undefined;
  /** the Cookie header: its session cookie is read only when there is no Authorization header (which always wins) */
  cookies: string | undefined;
  /** a password sign-in's two-factor code (X-Foyer-OTP, or auth.login's `otp`) */
  otp?: string | undefined;
}

/** A password sign-in's two-factor code: the X-Foyer-OTP header, or the body's `otp` where an endpoint takes one. */
export function otpOf(request: RequestInfo, fromBody: unknown): string | undefined {
  const header = request.headers['x-foyer-otp'];
  if (typeof header === 'string') return header;
  return typeof fromBody === 'string' ? fromBody : undefined;
}

/** Returns undefined when the request carries no credentials at all. */
export async function authenticate(services: Services, input: AuthInput, request: RequestInfo): Promise<Identity | undefined> {
  const header = input.authorization?.trim();
  if (header) {
    const space = header.indexOf(' ');
    const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
    const value = space === -1 ? '' : header.slice(space + 1).trim();
    if (scheme === 'basic') return authenticateBasic(services, value, request, input.otp);
    if (scheme === 'bearer') return authenticateToken(services, value, 'token');
    throw errors.badAuthType();
  }
  const cookieToken = input.cookies ? parseCookie(input.cookies)[SESSION_COOKIE] : undefined;
  if (cookieToken) return authenticateToken(services, cookieToken, 'cookie');
  return undefined;
}

function decodeBasic(value: string): { user: string; secret: string } {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) throw errors.badCredentialsEncoding();
  const bytes = Buffer.from(value, 'base64');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = bytes.toString('latin1'); // what the reference server decodes
  }
  const colon = text.indexOf(':');
  if (colon === -1) throw errors.badCredentialsEncoding();
  return { user: text.slice(0, colon), secret: text.slice(colon + 1) };
}

async function authenticateBasic(services: Services, value: string, request: RequestInfo, otp: string | undefined): Promise<Identity> {
  const { user, secret } = decodeBasic(value);
  if (user.includes('@')) return authenticatePassword(services, user, secret, request, otp);
  return authenticateKey(services, user, secret);
}

async function authenticateKey(services: Services, accessKey: string, secret: string): Promise<Identity> {
  if (!ACCESS_KEY_PATTERN.test(accessKey) || secret.length > 200) throw errors.invalidCredentials();
  const owner = await services.signIns.findKeyOwner(accessKey, () => findKeyOwner(services.db, accessKey));
  if (!owner) throw errors.invalidCredentials();
  const now = services.now();
  const keySecret = secretOfKeyLogin(owner, secret, now);
  if (!keySecret) throw errors.invalidCredentials();
  // told only to whoever holds the secret: to anyone else an expired key pair is as unknown as any other
  if (hasExpired(owner.keyExpiresAt, now)) throw errors.keyExpired(isoTime(owner.keyExpiresAt!));
  return makeIdentity(owner, 'key', { credentialId: owner.credentialId, keyExpiresAt: owner.keyExpiresAt, secret: keySecret });
}

/**
 * Which of the key pair's secrets was given: the one it has, or the one a rotation replaced while its overlap lasts;
 * undefined when neither (both are always compared, so the time does not tell which one matched).
 */
function secretOfKeyLogin(owner: KeyOwner, secret: string, now: number): { generation: number; previous: boolean; endsAt: number | null } | undefined {
  const current = secretMatches(secret, owner.secretHash);
  const previous = owner.previousSecret !== null && secretMatches(secret, owner.previousSecret.hash);
  if (current) return { generation: owner.secretGeneration, previous: false, endsAt: null };
  if (previous && owner.previousSecret!.endsAt > now) return { generation: owner.secretGeneration - 1, previous: true, endsAt: owner.previousSecret!.endsAt };
  return undefined;
}

/**
 * An email and password checked, throttled per account and per address, and the second factor of an account that has
 * one: the account, and the attempt, which the caller marks succeeded once the sign-in it was for goes through (until
 * then it counts as a failure, a wrong code as a wrong password).
 */
export async function checkPassword(services: Services, email: string, password: string, request: RequestInfo, otp?: string, purpose: 'sign_in' | 'link_identity' = 'sign_in') {
  const { db, config } = services;
  const attempt = passwordAttempt(config.loginThrottle, email, request.ip);
  const lookUp = () => (email.length <= 254 && password.length <= 256 ? findUserByEmail(db, email) : Promise.resolve(undefined));
  try {
    await beginAttempt(db, attempt, services.now()); // counted before the password is checked: throws while waiting
  } catch (error) {
    const waiting = await lookUp();
    if (waiting) await recordEvents(db, services.now(), originOf(request), [{ kind: 'sign_in.throttled', actor: null, subject: waiting.id }]);
    throw error;
  }

  const user = await lookUp();
  const ok = user ? await verifyPassword(user.password_hash, password) : await verifyDecoy(password);
  if (!user || !ok) {
    // the owner of the account sees the failure in their security log; an address with no account is recorded nowhere
    if (user) await recordEvents(db, services.now(), originOf(request), [{ kind: 'sign_in.failed', actor: null, subject: user.id }]);
    throw errors.invalidCredentials('wrong email or password'); // the attempt stays counted
  }
  // linking a provider's identity is not a sign-in with the password alone: the provider vouched for the person too
  if (purpose === 'sign_in') await refusePasswordSignInByPolicy(services, user);
  const twoFactorEnabled = await requireSecondFactor(services, user.id, otp, request);
  return { user, twoFactorEnabled, succeeded: () => attemptSucceeded(db, attempt) };
}

async function authenticatePassword(services: Services, email: string, password: string, request: RequestInfo, otp: string | undefined): Promise<Identity> {
  const { user, twoFactorEnabled, succeeded } = await checkPassword(services, email, password, request, otp);
  const workspace = await signInWorkspace(services.db, user.id, user.active_workspace_id);
  if (!workspace) throw errors.noWorkspace(); // the attempt stays counted: this sign-in did not go through
  await succeeded();
  const principal = {
    userId: user.id,
    userName: user.name,
    email: user.email,
    serverRole: user.server_role,
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    memberRole: workspace.role,
    lastActiveAt: null, // not read by a password sign-in: its first call records activity
    profile: userProfile(user),
    twoFactor: { workspaceRequires: Number(workspace.require_two_factor) === 1, enabled: twoFactorEnabled },
  };
  return makeIdentity(principal, 'password', {});
}

/** What the 401 says about a session that ended; its error_data names the reason for clients that explain it. */
const SESSION_ENDED: Record<EndedSessionReason, string> = {
  signed_out: 'this session was signed out',
  ended_elsewhere: 'this session was ended from another session of this account',
  password_changed: 'the password of this account was changed, which signed out every session',
  membership_ended: 'this account is no longer a member of the workspace this session was in',
  key_revoked: 'the key pair this session was opened with was revoked',
  secret_replaced: 'the secret this session was opened with was replaced by a rotation of its key pair, and its overlap has ended: sign in with the new secret',
  rotation_rolled_back: 'the secret this session was opened with was taken back by rolling back a rotation of its key pair: sign in with the secret it had before',
  expired: 'this session expired',
  unknown: 'this session was signed out or revoked',
};

async function authenticateToken(services: Services, token: string, via: 'token' | 'cookie'): Promise<Identity> {
  if (token.length === 0 || token.length > 4096) throw errors.invalidToken();
  const now = services.now();
  const claims = services.tokens.verify(token, now);
  if (!claims) throw errors.invalidToken('bad signature, malformed or expired');
  const session = await services.signIns.findSession(claims.session_id, () =>
    findActiveSession(services.db, { rawId: claims.session_id, userId: claims.identity.user, workspaceId: claims.identity.company }, now),
  );
  if (!session || session.expiresAt <= now || session.userId !== claims.identity.user || session.workspaceId !== claims.identity.company) {
    const reason = await whySessionEnded(services.db, { rawId: claims.session_id, userId: claims.identity.user, workspaceId: claims.identity.company }, now);
    throw errors.sessionEnded(reason, SESSION_ENDED[reason]);
  }
  return makeIdentity(session, via, {
    sessionId: claims.session_id,
    credentialId: session.credentialId,
    ...(session.credentialId ? { secret: { generation: session.secretGeneration, previous: session.withPreviousSecret, endsAt: session.withPreviousSecret ? session.expiresAt : null } } : {}),
  });
}

/**
 * After a call succeeds: the key pair behind it counts as used (when, from where, which client), and the
 * member as active. Refused calls record nothing.
 */
export function recordSuccessfulCall(services: Services, identity: Identity, request: RequestInfo): void {
  const now = services.now();
  if (identity.credentialId) {
    const use = { at: now, from: request.worker || request.ip, client: request.client ?? null, worker: request.worker ?? null };
    services.lastUsed.record(identity.credentialId, use, identity.secret?.previous === true);
  }
  services.lastUsed.recordMemberActivity(identity.workspaceId, identity.userId, now, identity.lastActiveAt);
  const session = sessionOf(identity);
  if (session) services.lastUsed.recordSessionSeen(session, now);
}
