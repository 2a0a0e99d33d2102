// The mail features' way to the Mailer: refused with a clear 400 on a server without one, and the link mails whose
// change is taken back when they do not go out (see the top of mailer.ts).
import type { Services } from '../services.ts';
import { errors } from '../http/errors.ts';
import type { Mailer, OutgoingMail } from './mailer.ts';

/** The server's Mailer, or the clear 400 of a server that sends no mail. */
export function requireMailer(services: Services): Mailer {
  if (!services.mail) throw errors.mailNotConfigured();
  return services.mail;
}

/**
 * Sends a mail that carries a link made by a committed change. If the mail does not go out, `undo` takes that
 * change back (it must be safe to run whatever happened since) and the caller gets errors.mailFailed.
 */
export async function sendLinkMail(services: Services, mail: OutgoingMail, what: string, undo: () => Promise<void>): Promise<void> {
  const mailer = requireMailer(services);
  try {
    await mailer.send(mail);
  } catch (error) {
    services.log.warn({ mail: what, reason: (error as Error).message }, 'could not send a mail; its link was withdrawn');
    await undo();
    throw errors.mailFailed();
  }
}
