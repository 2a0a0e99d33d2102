// Every mail Foyer sends, as plain text and simple HTML from one layout. Links point at the server's public web URL
// (FOYER_PUBLIC_WEB_URL). A mail never holds a secret beyond the one-time token of its own link.
import type { OutgoingMail } from './mailer.ts';

/** What one mail says: a greeting, paragraphs, at most one button-like link, and a closing line. */
export interface MailContent {
  to: string;
  subject: string;
  /** the person's name, for "Hello Ada,"; null: "Hello," */
  name: string | null;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** after the link: how long it works, what to do if this was not you */
  afterAction?: string[];
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const SIGNATURE = 'Foyer';

/** The one layout: plain text first (what many people read), the same words in HTML. */
export function composeMail(content: MailContent): OutgoingMail {
  const greeting = content.name ? `Hello ${content.name},` : 'Hello,';
  const after = content.afterAction ?? [];
  const text = [
    greeting,
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
    ...after,
    `— ${SIGNATURE}`,
  ].join('\n\n');
  const paragraph = (line: string) => `<p style="margin:0 0 16px">${escapeHtml(line)}</p>`;
  const action = content.action
    ? `<p style="margin:0 0 16px"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:10px 18px;background:#2856d6;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(content.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#555555">Or open this address: <a href="${escapeHtml(content.action.url)}" style="color:#2856d6;word-break:break-all">${escapeHtml(content.action.url)}</a></p>`
    : '';
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>` +
    `<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:15px;line-height:1.5;color:#1d1d1f;background:#ffffff">` +
    `<div style="max-width:560px">${paragraph(greeting)}${content.paragraphs.map(paragraph).join('')}${action}${after.map(paragraph).join('')}` +
    `<p style="margin:24px 0 0;color:#555555">— ${escapeHtml(SIGNATURE)}</p></div></body></html>`;
  return { to: content.to, subject: content.subject, text, html };
}

/**
 * A page of the web app with a one-time token in the URL's fragment (`/reset-password#<token>`): the browser never
 * sends a fragment to the server nor in a Referer, so the token stays out of access logs and other sites' logs.
 */
export function webLink(publicWebUrl: string, path: string, token: string): string {
  return `${publicWebUrl}${path}#${encodeURIComponent(token)}`;
}

/** The "Forgot password?" link. */
export function passwordResetMail(input: { to: string; name: string | null; url: string; minutes: number }): OutgoingMail {
  return composeMail({
    to: input.to,
    subject: 'Set a new password for Foyer',
    name: input.name,
    paragraphs: [`Someone, probably you, asked to set a new password for the Foyer account of ${input.to}.`],
    action: { label: 'Set a new password', url: input.url },
    afterAction: [
      `The link works once, for ${input.minutes} minutes; a newer link voids it. Setting the password signs the account out everywhere.`,
      'If you did not ask for this, ignore this mail: your password stays as it is.',
    ],
  });
}
