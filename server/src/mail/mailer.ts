// Outgoing mail, through nodemailer to the SMTP server of FOYER_SMTP_URL. A server without it has no Mailer
// (services.mail is undefined) and offers no mail feature; everything else works as before.
//
// Where sending happens, relative to the database (every mail feature follows one of these two ways):
// - A mail that carries a link (a password reset, an address to verify, an invitation) is sent after the
//   transaction that made the link has committed, never inside it: a mail for a change that then rolled back would
//   carry a dead link, and a transaction must not hold its locks while an SMTP server takes its time. The link works
//   from its commit on. If the SMTP server refuses or does not answer, the caller undoes what it made for the mail
//   (sendLinkMail's `undo`) and the person is told that no mail went out (errors.mailFailed, 503), never that it did.
// - A notice of something that already happened (a new sign-in, the password changed) is sent after that change
//   committed, in the background (sendNotice): it never fails or delays the change; a failure is logged, without
//   the message's text.
import { createTransport } from 'nodemailer';
import type { SmtpSettings } from '../config.ts';
import type { Logger } from '../shared/logger.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Why a mail did not go out: the SMTP server's answer or the network's, without the message. */
export class MailSendError extends Error {}

/** A stuck SMTP server must not hold a request: each step of the conversation has its own limit. */
export interface MailTimeouts {
  connectionMs: number;
  greetingMs: number;
  /** silence in the middle of the conversation */
  socketMs: number;
}

export const MAIL_TIMEOUTS: MailTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 20_000 };

export class Mailer {
  private readonly transport;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly settings: SmtpSettings,
    private readonly log: () => Logger,
    timeouts: MailTimeouts = MAIL_TIMEOUTS,
  ) {
    this.transport = createTransport(
      {
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        auth: settings.auth,
        connectionTimeout: timeouts.connectionMs,
        greetingTimeout: timeouts.greetingMs,
        socketTimeout: timeouts.socketMs,
        dnsTimeout: timeouts.connectionMs,
        logger: false,
        debug: false,
      },
      { from: settings.from },
    );
  }

  /** Resolves once the SMTP server has accepted the message for delivery; throws MailSendError otherwise. */
  async send(mail: OutgoingMail): Promise<void> {
    try {
      const info = await this.transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      if (info.rejected.length > 0) throw new MailSendError('the SMTP server refused the recipient');
    } catch (error) {
      if (error instanceof MailSendError) throw error;
      throw new MailSendError(describeFailure(error));
    }
  }

  /** Connects and signs in to the SMTP server without sending anything; throws MailSendError if that fails. */
  async check(): Promise<void> {
    try {
      await this.transport.verify();
    } catch (error) {
      throw new MailSendError(describeFailure(error));
    }
  }

  /** Sends in the background: the caller never waits and never fails; a failure is logged (see the top of this file). */
  sendNotice(mail: OutgoingMail, what: string): void {
    const sending = this.send(mail).catch((error: unknown) => {
      this.log().warn({ mail: what, server: this.settings.display, reason: (error as Error).message }, 'could not send a notice by mail');
    });
    this.pending.add(sending);
    void sending.finally(() => this.pending.delete(sending));
  }

  /** Resolves when every notice sent so far has gone out or failed (tests, and closing). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.idle();
    this.transport.close();
  }
}

/** Nodemailer's error, as a person or an operator can act on it; never its message text or credentials. */
function describeFailure(error: unknown): string {
  const { code, responseCode, message } = error as { code?: string; responseCode?: number; message?: string };
  if (code === 'EAUTH') return 'the SMTP server refused the user name or password';
  if (code === 'ETIMEDOUT') return 'the SMTP server did not answer in time';
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS') return `could not reach the SMTP server (${(message ?? code).slice(0, 200)})`;
  if (responseCode) return `the SMTP server answered ${responseCode}`;
  return (message ?? 'unknown error').slice(0, 200);
}

export function createMailer(settings: SmtpSettings | undefined, log: () => Logger): Mailer | undefined {
  return settings ? new Mailer(settings, log) : undefined;
}
