// A real SMTP server for the tests (the `smtp-server` package), on a free port of 127.0.0.1, keeping every message
// it accepts, parsed by mailparser. Never a mock: Foyer's Mailer talks SMTP to it over a socket.
//
//   const smtp = await startSmtpServer();                 // or { auth: { user, pass } } to require a sign-in
//   const server = await startServer(dialect, smtp.env);  // FOYER_SMTP_URL and FOYER_MAIL_FROM pointing at it
//   const mail = await smtp.waitForMail((m) => m.to.includes('ada@example.com'));   // bounded wait, then throws
//   mail.subject, mail.text, mail.html, mail.links       // links: every http(s) URL of the plain text
//   smtp.refuse = true;                                   // "SMTP down": every connection is turned away (554)
//   smtp.messages, smtp.clear(), await smtp.close()
//
// `npm test` needs nothing else: the tests start it themselves. The browser tests run it as a process of its own
// (smtp-process.ts) that serves what it received over HTTP.
import { createServer, type Server } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';

export interface ReceivedMail {
  /** the envelope's recipients, lower-cased */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** the http(s) URLs in the plain text, in order */
  links: string[];
  receivedAt: number;
}

export interface TestSmtpServer {
  port: number;
  /** smtp://[user:pass@]127.0.0.1:<port> */
  url: string;
  /** what a Foyer started by the tests needs to send here */
  env: { FOYER_SMTP_URL: string; FOYER_MAIL_FROM: string };
  messages: ReceivedMail[];
  /** while true, every new connection is answered 554 and closed, as an SMTP server that is down */
  refuse: boolean;
  /** the first message (received already or within `timeoutMs`) that `match` accepts; throws after the wait */
  waitForMail(match?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** resolves after `ms` if no message `match` accepts has arrived by then; throws if one has */
  expectNoMail(match?: (mail: ReceivedMail) => boolean, ms?: number): Promise<void>;
  clear(): void;
  close(): Promise<void>;
}

export const TEST_MAIL_FROM = 'Foyer <foyer@example.com>';

/** A port nothing listens on (bound and released at once): an SMTP URL pointing there is "SMTP unreachable". */
export async function unusedPort(): Promise<number> {
  const probe: Server = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const addressesOf = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value.map((entry) => entry.address ?? ''));

export async function startSmtpServer(options: { auth?: { user: string; pass: string }; port?: number; host?: string } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const state = { refuse: false };
  const server = new SMTPServer({
    // no TLS: the built-in certificate would not be trusted by the Mailer (smtp:// upgrades when it is offered)
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    disableReverseLookup: true,
    logger: false,
    size: 1024 * 1024,
    onConnect(_session, callback) {
      if (state.refuse) {
        const error = Object.assign(new Error('Service not available (the test turned this server away)'), { responseCode: 554 });
        return callback(error);
      }
      callback();
    },
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid user name or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const text = parsed.text ?? '';
          messages.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            from: addressesOf(parsed.from)[0] ?? '',
            subject: parsed.subject ?? '',
            text,
            html: typeof parsed.html === 'string' ? parsed.html : '',
            links: [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((match) => match[0]),
            receivedAt: Date.now(),
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.server.address() as { port: number };
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';
  const url = `smtp://${credentials}${host}:${port}`;

  const waitForMail: TestSmtpServer['waitForMail'] = (match = () => true, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const look = () => {
        const found = messages.find(match);
        if (!found) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching mail arrived within ${timeoutMs} ms (${messages.length} received: ${messages.map((m) => `"${m.subject}" to ${m.to.join(',')}`).join('; ') || 'none'})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(look);
      };
      waiters.add(look);
      look();
    });

  return {
    port,
    url,
    env: { FOYER_SMTP_URL: url, FOYER_MAIL_FROM: TEST_MAIL_FROM },
    messages,
    get refuse() {
      return state.refuse;
    },
    set refuse(value: boolean) {
      state.refuse = value;
    },
    waitForMail,
    async expectNoMail(match = () => true, ms = 300) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      const found = messages.find(match);
      if (found) throw new Error(`expected no mail, got "${found.subject}" to ${found.to.join(',')}`);
    },
    clear() {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
