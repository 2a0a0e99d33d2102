// The mail the Foyer servers under test sent, as the test SMTP server received it (server/test/support/smtp-process.ts).
import { HOST, SMTP_HTTP_PORT } from './environment';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  links: string[];
  receivedAt: number;
}

const MAIL_URL = `http://${HOST}:${SMTP_HTTP_PORT}`;

export async function receivedMail(): Promise<ReceivedMail[]> {
  const response = await fetch(`${MAIL_URL}/messages`);
  if (!response.ok) throw new Error(`the test SMTP server answered ${response.status}`);
  return (await response.json()) as ReceivedMail[];
}

/** The newest message to `address` (and matching `match`) received after `since` (ms), waiting up to `timeoutMs`. */
export async function waitForMail(address: string, options: { since?: number; match?: (mail: ReceivedMail) => boolean; timeoutMs?: number } = {}): Promise<ReceivedMail> {
  const { since = 0, match = () => true, timeoutMs = 10_000 } = options;
  const deadline = Date.now() + timeoutMs;
  const wanted = address.toLowerCase();
  for (;;) {
    const found = (await receivedMail()).filter((mail) => mail.to.includes(wanted) && mail.receivedAt >= since && match(mail)).at(-1);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} arrived within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** While on, the test SMTP server turns every connection away (554), as a mail server that is down. */
export async function setMailServerDown(down: boolean): Promise<void> {
  const response = await fetch(`${MAIL_URL}/refuse`, { method: 'PUT', body: down ? 'on' : 'off' });
  if (!response.ok) throw new Error(`the test SMTP server answered ${response.status}`);
}
