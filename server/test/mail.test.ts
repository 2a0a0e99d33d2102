// The mail foundation: FOYER_SMTP_URL / FOYER_MAIL_FROM checked at start, and the Mailer talking SMTP to a real
// server (test/support/smtp.ts): accepted mail arrives parsed, a refused sign-in, a server that turns connections
// away or is not there at all each give a clear MailSendError, and background notices never throw.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { ConfigError, loadConfig } from '../src/config.ts';
import { Mailer, MailSendError } from '../src/mail/mailer.ts';
import { composeMail, webLink } from '../src/mail/templates.ts';
import { startSmtpServer, TEST_MAIL_FROM, unusedPort } from './support/smtp.ts';

const dirs: string[] = [];
const dir = () => {
  const made = mkdtempSync(join(tmpdir(), 'foyer-mail-config-'));
  dirs.push(made);
  return made;
};
after(() => dirs.forEach((made) => rmSync(made, { recursive: true, force: true })));

const quietLog = { info() {}, warn() {}, error() {} };
const smtpOf = (env: Record<string, string>) => loadConfig({ FOYER_DATA_DIR: dir(), ...env }).smtp;

describe('FOYER_SMTP_URL and FOYER_MAIL_FROM', () => {
  test('unset: no mail', () => {
    assert.equal(smtpOf({}), undefined);
  });
  test('a URL with user and password, and a From with a name', () => {
    const smtp = smtpOf({ FOYER_SMTP_URL: 'smtp://mailer%40example.com:p%3Ass@mail.example.com:2525', FOYER_MAIL_FROM: 'Foyer <foyer@example.com>' });
    assert.deepEqual(smtp, {
      host: 'mail.example.com',
      port: 2525,
      secure: false,
      auth: { user: 'mailer@example.com', pass: 'p:ss' },
      from: 'Foyer <foyer@example.com>',
      display: 'smtp://mailer%40example.com:***@mail.example.com:2525',
    });
  });
  test('default ports: 587 for smtp://, 465 (TLS) for smtps://', () => {
    assert.equal(smtpOf({ FOYER_SMTP_URL: 'smtp://mail.example.com', FOYER_MAIL_FROM: 'a@example.com' })?.port, 587);
    const tls = smtpOf({ FOYER_SMTP_URL: 'smtps://mail.example.com', FOYER_MAIL_FROM: 'a@example.com' });
    assert.deepEqual([tls?.port, tls?.secure, tls?.auth], [465, true, undefined]);
  });
  test('bad settings stop the start with a clear message that never shows the password', () => {
    const refused = (env: Record<string, string>, pattern: RegExp) => {
      assert.throws(() => smtpOf(env), (error: unknown) => {
        assert.ok(error instanceof ConfigError, String(error));
        assert.match(error.message, pattern);
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      });
    };
    refused({ FOYER_SMTP_URL: 'http://u:hunter2@mail.example.com', FOYER_MAIL_FROM: 'a@example.com' }, /smtp:\/\/ or smtps:\/\/.*u:\*\*\*@/);
    refused({ FOYER_SMTP_URL: 'not a url', FOYER_MAIL_FROM: 'a@example.com' }, /FOYER_SMTP_URL must be a URL/);
    refused({ FOYER_SMTP_URL: 'smtp://u:hunter2@mail.example.com/x?tls=off', FOYER_MAIL_FROM: 'a@example.com' }, /no path or query/);
    refused({ FOYER_SMTP_URL: 'smtp://:hunter2@mail.example.com', FOYER_MAIL_FROM: 'a@example.com' }, /no user name/);
    refused({ FOYER_SMTP_URL: 'smtp://u:hunter2@mail.example.com' }, /FOYER_MAIL_FROM must be set/);
    refused({ FOYER_SMTP_URL: 'smtp://u:hunter2@mail.example.com', FOYER_MAIL_FROM: 'Foyer foyer@example.com' }, /FOYER_MAIL_FROM must be an address/);
    refused({ FOYER_SMTP_URL: 'smtp://u:hunter2@mail.example.com', FOYER_MAIL_FROM: 'Foyer <not-an-address>' }, /FOYER_MAIL_FROM must be an address/);
    refused({ FOYER_MAIL_FROM: 'a@example.com' }, /FOYER_SMTP_URL is not/);
  });
});

describe('Mailer', () => {
  const settings = (url: string) => smtpOf({ FOYER_SMTP_URL: url, FOYER_MAIL_FROM: TEST_MAIL_FROM })!;
  const sample = composeMail({
    to: 'ada@example.com',
    subject: 'A <test> mail',
    name: 'Ada & co',
    paragraphs: ['First paragraph.'],
    action: { label: 'Open the page', url: webLink('https://foyer.example.com', '/somewhere', 'tok/en') },
    afterAction: ['This link works once.'],
  });

  test('a mail the SMTP server accepts arrives with its text, HTML and link', async () => {
    const smtp = await startSmtpServer({ auth: { user: 'mailer', pass: 's3cret:pass' } });
    const mailer = new Mailer(settings(smtp.url), () => quietLog);
    try {
      await mailer.send(sample);
      const mail = await smtp.waitForMail((m) => m.to.includes('ada@example.com'));
      assert.equal(mail.subject, 'A <test> mail');
      assert.equal(mail.from, 'foyer@example.com');
      assert.match(mail.text, /^Hello Ada & co,\n\nFirst paragraph\.\n\nOpen the page:\nhttps:\/\/foyer\.example\.com\/somewhere#tok%2Fen\n\nThis link works once\./);
      assert.deepEqual(mail.links, ['https://foyer.example.com/somewhere#tok%2Fen']);
      assert.match(mail.html, /Hello Ada &amp; co,/);
      assert.match(mail.html, /<title>A &lt;test&gt; mail<\/title>/);
      assert.match(mail.html, /href="https:\/\/foyer\.example\.com\/somewhere#tok%2Fen"/);
    } finally {
      await mailer.close();
      await smtp.close();
    }
  });

  test('a wrong SMTP password, a server that turns connections away, or none listening: MailSendError, said plainly', async () => {
    const smtp = await startSmtpServer({ auth: { user: 'mailer', pass: 'right' } });
    const wrongPassword = new Mailer(settings(smtp.url.replace(':right@', ':wrong@')), () => quietLog);
    const right = new Mailer(settings(smtp.url), () => quietLog);
    const nobody = new Mailer(settings(`smtp://127.0.0.1:${await unusedPort()}`), () => quietLog);
    try {
      await assert.rejects(wrongPassword.send(sample), (error: unknown) => error instanceof MailSendError && /refused the user name or password/.test(error.message) && !/wrong/.test(error.message));
      await assert.rejects(wrongPassword.check(), MailSendError);
      smtp.refuse = true;
      await assert.rejects(right.send(sample), MailSendError);
      await assert.rejects(right.check(), MailSendError);
      smtp.refuse = false;
      await right.check();
      const started = Date.now();
      await assert.rejects(nobody.send(sample), (error: unknown) => error instanceof MailSendError && /could not reach the SMTP server/.test(error.message));
      assert.ok(Date.now() - started < 5000);
      assert.equal(smtp.messages.length, 0);
    } finally {
      await Promise.all([wrongPassword.close(), right.close(), nobody.close()]);
      await smtp.close();
    }
  });

  test('an SMTP server that accepts the connection and then says nothing: the send gives up within its time-out', async () => {
    const sockets = new Set<Socket>();
    const stuck = createServer((socket) => void sockets.add(socket)); // never greets
    await new Promise<void>((resolve) => stuck.listen(0, '127.0.0.1', resolve));
    const { port } = stuck.address() as AddressInfo;
    const mailer = new Mailer(settings(`smtp://127.0.0.1:${port}`), () => quietLog, { connectionMs: 500, greetingMs: 500, socketMs: 500 });
    try {
      const started = Date.now();
      await assert.rejects(mailer.send(sample), (error: unknown) => error instanceof MailSendError && /did not answer in time|could not reach/.test(error.message));
      assert.ok(Date.now() - started < 3000, `gave up after ${Date.now() - started} ms`);
      assert.equal(sockets.size, 1, 'it did connect');
    } finally {
      await mailer.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => stuck.close(() => resolve()));
    }
  });

  test('a notice that cannot go out is logged, without its text, and never throws', async () => {
    const warnings: unknown[] = [];
    const log = { ...quietLog, warn: (entry: unknown) => void warnings.push(entry) };
    const mailer = new Mailer(settings(`smtp://127.0.0.1:${await unusedPort()}`), () => log);
    mailer.sendNotice(sample, 'test notice');
    await mailer.idle();
    assert.equal(warnings.length, 1);
    assert.match(JSON.stringify(warnings[0]), /test notice/);
    assert.doesNotMatch(JSON.stringify(warnings[0]), /First paragraph|tok/);
    await mailer.close();
  });
});
