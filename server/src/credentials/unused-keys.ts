// A workspace may revoke the key pairs no client has used for a number of days (Workspace settings). Run every hour by
// `foyer serve`, on every node: a key pair's owner is told a few days before, once per stretch of disuse (where this
// server sends mail; the Profile page says it from the list itself), and then it is revoked with the sessions it
// opened. Each notice and each revocation is one conditional update that re-checks the disuse, so two nodes act once,
// and a key pair used meanwhile (even by another node) is left alone.
import { sql } from 'kysely';
import { UNUSED_KEY_NOTICE_DAYS } from '@foyer/contract';
import type { Services } from '../services.ts';
import { revokeCredentialSessions } from '../auth/sessions.ts';
import { recordEvents } from '../audit/record.ts';
import { mailDay, unusedKeyNoticeMail, unusedKeyRevokedMail } from '../mail/templates.ts';
import { DAY_MS } from './expiry.ts';

const BATCH = 1000;
const SERVER_ORIGIN = { ip: null, client: null, worker: null, userAgent: null };

/** When a key pair was last active: its last use, or its making when never used. */
const lastActive = sql<number>`coalesce(c.last_used_at, c.created_at)`;

export async function revokeUnusedKeyPairs(services: Services): Promise<{ noticed: number; revoked: number }> {
  const { db } = services;
  await services.lastUsed.flush(); // a use this node holds in memory counts
  const now = services.now();
  const due = await db
    .selectFrom('credentials as c')
    .innerJoin('workspaces as w', 'w.id', 'c.workspace_id')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select([
      'c.id',
      'c.access_key',
      'c.label',
      'c.user_id',
      'c.workspace_id',
      'c.inactivity_notice_sent_at',
      'w.name as workspace_name',
      'w.revoke_unused_key_pairs_after_days as days',
      'u.email',
      'u.name',
      lastActive.as('last_active'),
    ])
    .where('c.revoked_at', 'is', null)
    .where('w.revoke_unused_key_pairs_after_days', 'is not', null)
    // bigint on PostgreSQL: milliseconds overflow an integer
    .where(sql<boolean>`${lastActive} < cast(${now} as bigint) - (w.revoke_unused_key_pairs_after_days - ${UNUSED_KEY_NOTICE_DAYS}) * cast(${DAY_MS} as bigint)`)
    .orderBy(lastActive)
    .limit(BATCH)
    .execute();

  const result = { noticed: 0, revoked: 0 };
  for (const key of due) {
    const days = Number(key.days);
    const lastActiveAt = Number(key.last_active);
    const cutoff = now - days * DAY_MS;
    const owner = { to: key.email, name: key.name, accessKey: key.access_key, label: key.label, workspace: key.workspace_name, days, profileUrl: `${services.config.publicWebUrl}/profile#workspaces` };
    if (lastActiveAt < cutoff) {
      const revoked = await db.transaction().execute(async (tx) => {
        const claimed = await tx
          .updateTable('credentials as c')
          .set({ revoked_at: now })
          .where('c.id', '=', key.id)
          .where('c.revoked_at', 'is', null)
          .where(sql<boolean>`${lastActive} < ${cutoff}`)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return false;
        await revokeCredentialSessions(tx, { userId: key.user_id, workspaceId: key.workspace_id, credentialId: key.id }, now);
        await recordEvents(tx, now, SERVER_ORIGIN, [
          { kind: 'key.revoked_unused', actor: null, subject: key.user_id, workspace: key.workspace_id, target: key.access_key, details: { unused_days: days } },
        ]);
        return true;
      });
      if (revoked) {
        result.revoked++;
        services.mail?.sendNotice(unusedKeyRevokedMail(owner), 'unused key revoked');
      }
      continue;
    }
    // told once per stretch of disuse: a notice sent before the last use does not count
    if (!services.mail || (key.inactivity_notice_sent_at !== null && key.inactivity_notice_sent_at >= lastActiveAt)) continue;
    const claimed = await db
      .updateTable('credentials as c')
      .set({ inactivity_notice_sent_at: now })
      .where('c.id', '=', key.id)
      .where('c.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('c.inactivity_notice_sent_at', 'is', null), eb('c.inactivity_notice_sent_at', '<', lastActive)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    try {
      await services.mail.send(unusedKeyNoticeMail({ ...owner, revokedOn: mailDay(lastActiveAt + days * DAY_MS) }));
      result.noticed++;
    } catch (error) {
      await db.updateTable('credentials').set({ inactivity_notice_sent_at: key.inactivity_notice_sent_at }).where('id', '=', key.id).where('inactivity_notice_sent_at', '=', now).execute();
      services.log.warn({ mail: 'unused key notice', reason: (error as Error).message }, 'could not send a notice by mail; it is tried again in an hour');
    }
  }
  return result;
}
