// A week before a key pair expires, its owner is told once by mail, where this server sends mail (the Profile page
// says it too, from the list itself). Run every hour by `foyer serve`, on every node: each notice is claimed by one
// conditional update, so of two nodes only one mails it, and a mail that does not go out is unclaimed, to be tried
// again the next hour.
import { KEY_EXPIRY_NOTICE_DAYS } from '@foyer/contract';
import type { Services } from '../services.ts';
import { keyExpiringMail, mailTime } from '../mail/templates.ts';
import { DAY_MS } from './expiry.ts';

const BATCH = 500;

/** Mails the notices that are due; returns how many went out. */
export async function sendKeyExpiryNotices(services: Services): Promise<number> {
  const { db, mail } = services;
  if (!mail) return 0;
  const now = services.now();
  const due = await db
    .selectFrom('credentials as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .innerJoin('workspaces as w', 'w.id', 'c.workspace_id')
    .select(['c.id', 'c.access_key', 'c.label', 'c.expires_at', 'u.email', 'u.name', 'w.name as workspace_name'])
    .where('c.revoked_at', 'is', null)
    .where('c.expiry_notice_sent_at', 'is', null)
    .where('c.expires_at', '>', now)
    .where('c.expires_at', '<=', now + KEY_EXPIRY_NOTICE_DAYS * DAY_MS)
    .orderBy('c.expires_at')
    .limit(BATCH)
    .execute();
  let sent = 0;
  for (const key of due) {
    const claimed = await db.updateTable('credentials').set({ expiry_notice_sent_at: now }).where('id', '=', key.id).where('expiry_notice_sent_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    try {
      await mail.send(
        keyExpiringMail({
          to: key.email,
          name: key.name,
          accessKey: key.access_key,
          label: key.label,
          workspace: key.workspace_name,
          expires: mailTime(key.expires_at!),
          profileUrl: `${services.config.publicWebUrl}/profile#workspaces`,
        }),
      );
      sent++;
    } catch (error) {
      await db.updateTable('credentials').set({ expiry_notice_sent_at: null }).where('id', '=', key.id).where('expiry_notice_sent_at', '=', now).execute();
      services.log.warn({ mail: 'key expiry notice', reason: (error as Error).message }, 'could not send a notice by mail; it is tried again in an hour');
    }
  }
  return sent;
}
