// The test SMTP server (smtp.ts) as a process of its own, for the browser tests: Playwright starts it beside the
// Foyer servers (web/playwright.config.ts), and the specs read what it received over HTTP (web/e2e/mail.ts).
//
//   FOYER_TEST_SMTP_PORT=<smtp port> FOYER_TEST_SMTP_HTTP_PORT=<http port> node --import tsx smtp-process.ts
//   GET    /messages   every message received so far, oldest first (JSON: ReceivedMail[])
//   DELETE /messages   forget them
//   PUT    /refuse     body "on" or "off": turn every SMTP connection away (554), as a server that is down
import { createServer } from 'node:http';
import { startSmtpServer } from './smtp.ts';

const smtpPort = Number(process.env.FOYER_TEST_SMTP_PORT);
const httpPort = Number(process.env.FOYER_TEST_SMTP_HTTP_PORT);
if (!Number.isInteger(smtpPort) || !Number.isInteger(httpPort)) {
  console.error('Set FOYER_TEST_SMTP_PORT and FOYER_TEST_SMTP_HTTP_PORT');
  process.exit(2);
}

const smtp = await startSmtpServer({ port: smtpPort });

const http = createServer((request, response) => {
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const path = (request.url ?? '').split('?')[0];
  if (path === '/messages' && request.method === 'GET') return send(200, smtp.messages);
  if (path === '/messages' && request.method === 'DELETE') {
    smtp.clear();
    return send(200, {});
  }
  if (path === '/refuse' && request.method === 'PUT') {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      smtp.refuse = body.trim() === 'on';
      send(200, { refuse: smtp.refuse });
    });
    return;
  }
  send(404, { error: 'not found' });
});
http.listen(httpPort, '127.0.0.1');

const stop = () => {
  http.close();
  void smtp.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
