// Making a reset link, for the mail (routes.ts) and for the operator's CLI (`foyer users reset-link`): the same
// rules either way (30 minutes, once, only the newest works), the same security log entry.
import { PASSWORD_RESET_LINK_MINUTES } from '@foyer/contract';
import { recordEvents, type AuditOrigin } from '../audit/record.ts';
import type { UserRow } from '../users/store.ts';
import type { Services } from '../services.ts';
import { webLink } from '../mail/templates.ts';
import { createResetLink } from './store.ts';

export const RESET_PAGE_PATH = '/reset-password';

export interface IssuedLink {
  id: string;
  url: string;
}

/** A new link for the account, committed with its password.reset_requested entry (target: the link's id, never its token). */
export async function issueResetLink(services: Pick<Services, 'db' | 'config' | 'now'>, user: Pick<UserRow, 'id'>, origin: AuditOrigin, via: 'mail' | 'cli'): Promise<IssuedLink> {
  const now = services.now();
  const { id, token } = await services.db.transaction().execute(async (tx) => {
    const link = await createResetLink(tx, user.id, now);
    await recordEvents(tx, now, origin, [{ kind: 'password.reset_requested', actor: null, subject: user.id, target: link.id, details: { via, minutes: PASSWORD_RESET_LINK_MINUTES } }]);
    return link;
  });
  return { id, url: webLink(services.config.publicWebUrl, RESET_PAGE_PATH, token) };
}

/** Takes back a link whose mail did not go out, with its entry: as if it had never been asked for. */
export async function withdrawResetLink(services: Services, link: IssuedLink, userId: string): Promise<void> {
  await services.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('password_resets').where('id', '=', link.id).where('used_at', 'is', null).execute();
    await tx.deleteFrom('audit_events').where('kind', '=', 'password.reset_requested').where('subject_user_id', '=', userId).where('target', '=', link.id).execute();
  });
}
