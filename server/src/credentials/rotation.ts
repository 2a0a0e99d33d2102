// Rotating a key pair's secret with an overlap: the new secret works at once, the old one until the overlap ends,
// and the sessions each opened end with it. Ending the overlap early and rolling the rotation back are one
// conditional update each, so of two such calls at once one changes the key and the other is told why not.
import { DEFAULT_ROTATION_OVERLAP_SEC } from '@foyer/contract';
import type { Services } from '../services.ts';
import type { CallContext } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { recordEvent } from '../audit/record.ts';
import { revokeOtherSecretSessions } from '../auth/sessions.ts';
import { isoTime } from '../shared/time.ts';
import { hasExpired } from './expiry.ts';
import { hashSecret, newSecretKey } from './keys.ts';
import { endOwnRotationOverlap, findOwnCredential, rollBackOwnRotation, rotateOwnCredential, type CredentialRow } from './store.ts';

interface KeyOwner {
  userId: string;
  workspaceId: string;
}

/** Whether a key pair is in a rotation whose old secret still works at `now`. */
export function inRotation(row: Pick<CredentialRow, 'previous_secret_ends_at'>, now: number): boolean {
  return row.previous_secret_ends_at !== null && row.previous_secret_ends_at > now;
}

const notYours = (accessKey: string) => errors.invalidAccessKey(`No credentials with access key ${accessKey} among yours in this workspace`);

/** Why a rotation was not started, read after the update that would have started it changed nothing. */
async function rotationRefusal(services: Pick<Services, 'db'>, owner: KeyOwner, accessKey: string, now: number) {
  const row = await findOwnCredential(services.db, owner.userId, owner.workspaceId, accessKey);
  if (!row) return notYours(accessKey);
  if (hasExpired(row.expires_at, now)) {
    return errors.keyRotationRefused('expired', `Key pair ${accessKey} expired on ${isoTime(row.expires_at!)}: create a new one instead of giving it a new secret`);
  }
  const until = isoTime(row.previous_secret_ends_at ?? now);
  return errors.keyRotationRefused(
    'in_rotation',
    `Key pair ${accessKey} is being rotated already: its old secret works until ${until}. End that overlap or roll the rotation back first`,
    { old_secret_until: until },
  );
}

/** Gives the caller's key pair a new secret; the old one works for `overlapSec` more seconds (0: it stops at once). */
export async function rotateCredentials(ctx: CallContext, owner: KeyOwner, accessKey: string, overlapSec = DEFAULT_ROTATION_OVERLAP_SEC) {
  const { services } = ctx;
  const now = services.now();
  const secretKey = newSecretKey();
  const previousEndsAt = overlapSec === 0 ? null : now + overlapSec * 1000;
  const rotated = await services.db.transaction().execute(async (tx) => {
    const key = await rotateOwnCredential(tx, owner, accessKey, { secretHash: hashSecret(secretKey), previousEndsAt, now });
    if (!key) return undefined;
    // the old secret's sessions end with it: now, or when the overlap ends (the sign-in lookup holds them to it)
    if (previousEndsAt === null) await revokeOtherSecretSessions(tx, { ...owner, credentialId: key.id, secretGeneration: key.generation }, now, 'older');
    await recordEvent(tx, ctx, {
      kind: 'key.rotated',
      actor: owner.userId,
      subject: owner.userId,
      workspace: owner.workspaceId,
      target: accessKey,
      details: { overlap_sec: overlapSec, ...(previousEndsAt === null ? {} : { old_secret_until: isoTime(previousEndsAt) }) },
    });
    return key;
  });
  if (!rotated) throw await rotationRefusal(services, owner, accessKey, now);
  return { secretKey, label: rotated.label, expiresAt: rotated.expiresAt, previousEndsAt };
}

/** Ends the overlap of the caller's key pair's rotation now: the old secret, and the sessions it opened, stop. */
export async function endRotationOverlap(ctx: CallContext, owner: KeyOwner, accessKey: string, by: 'owner' | 'leak_report' = 'owner'): Promise<void> {
  const { services } = ctx;
  const now = services.now();
  const ended = await services.db.transaction().execute(async (tx) => {
    const key = await endOwnRotationOverlap(tx, owner, accessKey, now);
    if (!key) return false;
    await revokeOtherSecretSessions(tx, { ...owner, credentialId: key.id, secretGeneration: key.generation }, now, 'older');
    await recordEvent(tx, ctx, {
      kind: 'key.rotation_ended',
      actor: by === 'owner' ? owner.userId : null,
      subject: owner.userId,
      workspace: owner.workspaceId,
      target: accessKey,
      details: { by },
    });
    return true;
  });
  if (!ended) throw await noRotationRefusal(services, owner, accessKey, 'end');
}

/** Takes the caller's key pair's rotation back: the old secret is its secret again; the new one, and its sessions, stop. */
export async function rollBackRotation(ctx: CallContext, owner: KeyOwner, accessKey: string): Promise<void> {
  const { services } = ctx;
  const now = services.now();
  const rolledBack = await services.db.transaction().execute(async (tx) => {
    const key = await rollBackOwnRotation(tx, owner, accessKey, now);
    if (!key) return false;
    await revokeOtherSecretSessions(tx, { ...owner, credentialId: key.id, secretGeneration: key.generation }, now, 'newer');
    await recordEvent(tx, ctx, { kind: 'key.rotation_rolled_back', actor: owner.userId, subject: owner.userId, workspace: owner.workspaceId, target: accessKey });
    return true;
  });
  if (!rolledBack) throw await noRotationRefusal(services, owner, accessKey, 'roll back');
}

async function noRotationRefusal(services: Pick<Services, 'db'>, owner: KeyOwner, accessKey: string, what: 'end' | 'roll back') {
  const row = await findOwnCredential(services.db, owner.userId, owner.workspaceId, accessKey);
  if (!row) return notYours(accessKey);
  return errors.keyRotationRefused(
    'no_rotation',
    what === 'end'
      ? `Key pair ${accessKey} has no old secret that still works: there is no overlap to end`
      : `Key pair ${accessKey} has no rotation to roll back: it was never rotated, or the old secret's overlap is over`,
  );
}
