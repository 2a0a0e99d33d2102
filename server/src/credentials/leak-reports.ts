// auth.report_leaked_secret: whoever finds a secret where it should not be (a public repository, a paste, a log)
// reports it, and the key pair it belongs to is revoked at once, its sessions ended, its owner told. The reporter
// learns nothing: the answer is the same, after the same time, whether or not the secret was real or still in use.
// Reports are throttled per secret and per address, whatever they find, as sign-ins are (auth/throttle.ts).
import { createHash } from 'node:crypto';
import type { Config } from '../config.ts';
import type { RequestInfo } from '../http/endpoint.ts';
import type { Services } from '../services.ts';
import type { PasswordAttempt } from '../auth/throttle.ts';
import { revokeCredentialSessions, revokeOtherSecretSessions } from '../auth/sessions.ts';
import type { Db } from '../db/database.ts';
import { endOwnRotationOverlap } from './store.ts';
import { originOf, recordEvents } from '../audit/record.ts';
import { keyLeakReportedMail } from '../mail/templates.ts';
import { hashSecret, isFoyerSecret } from './keys.ts';

/** Every report answers after at least this long: finding and revoking a key pair takes no longer than finding none. */
export const LEAK_REPORT_ANSWER_MS = 1000;
const FREE_REPORTS_PER_SECRET = 3;
const FREE_REPORTS_PER_IP = 30;

/** The throttle counters of a report; the secret is named by a hash of its own, never the one the key pair is found by. */
export function leakReportAttempt(settings: Config['loginThrottle'], secret: string, ip: string): PasswordAttempt {
  const { maxDelaySec } = settings;
  const tag = createHash('sha256').update(`leak-report:${secret}`).digest('hex');
  return {
    account: { key: `leak:secret:${tag}`, policy: { freeFailures: FREE_REPORTS_PER_SECRET, maxDelaySec } },
    ip: { key: `leak:ip:${ip}`, policy: { freeFailures: FREE_REPORTS_PER_IP, maxDelaySec } },
  };
}

function keyWithOwner(db: Db) {
  return db
    .selectFrom('credentials as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .innerJoin('workspaces as w', 'w.id', 'c.workspace_id')
    .select(['c.id', 'c.access_key', 'c.label', 'c.user_id', 'c.workspace_id', 'u.email', 'u.name', 'w.name as workspace_name'])
    .where('c.revoked_at', 'is', null);
}

/**
 * Revokes the unrevoked key pair the secret belongs to, if any, and mails its owner; of two reports at once, one does.
 * The old secret of a key pair in rotation ends the overlap instead: the new secret, which nobody reported, keeps working.
 */
export async function revokeLeakedSecret(services: Services, secret: string, request: RequestInfo): Promise<void> {
  const { db } = services;
  const now = services.now();
  const secretHash = hashSecret(secret);
  const revoked = await db.transaction().execute(async (tx) => {
    const key = await keyWithOwner(tx).where('c.secret_hash', '=', secretHash).executeTakeFirst();
    if (!key) return endLeakedOverlap(tx, secretHash, now, request);
    const claimed = await tx.updateTable('credentials').set({ revoked_at: now }).where('id', '=', key.id).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return undefined;
    await revokeCredentialSessions(tx, { userId: key.user_id, workspaceId: key.workspace_id, credentialId: key.id }, now);
    await recordEvents(tx, now, originOf(request), [
      { kind: 'key.reported_leaked', actor: null, subject: key.user_id, workspace: key.workspace_id, target: key.access_key, details: { format: isFoyerSecret(secret) ? 'foyer' : 'earlier' } },
    ]);
    return { ...key, oldSecretOnly: false };
  });
  if (revoked && services.mail) {
    services.mail.sendNotice(
      keyLeakReportedMail({
        oldSecretOnly: revoked.oldSecretOnly,
        to: revoked.email,
        name: revoked.name,
        accessKey: revoked.access_key,
        label: revoked.label,
        workspace: revoked.workspace_name,
        profileUrl: `${services.config.publicWebUrl}/profile#workspaces`,
      }),
      'leak report notice',
    );
  }
}

/** The key pair whose rotation's old secret this is, while it works: its overlap ends now, with the old secret's sessions. */
async function endLeakedOverlap(tx: Db, secretHash: string, now: number, request: RequestInfo) {
  const key = await keyWithOwner(tx).where('c.previous_secret_hash', '=', secretHash).where('c.previous_secret_ends_at', '>', now).executeTakeFirst();
  if (!key) return undefined;
  const owner = { userId: key.user_id, workspaceId: key.workspace_id };
  const ended = await endOwnRotationOverlap(tx, owner, key.access_key, now);
  if (!ended) return undefined;
  await revokeOtherSecretSessions(tx, { ...owner, credentialId: ended.id, secretGeneration: ended.generation }, now, 'older');
  await recordEvents(tx, now, originOf(request), [
    { kind: 'key.rotation_ended', actor: null, subject: key.user_id, workspace: key.workspace_id, target: key.access_key, details: { by: 'leak_report' } },
  ]);
  return { ...key, oldSecretOnly: true };
}
