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

/** A key pair as a mail names it: “label” (ACCESSKEY), or the access key alone. */
export const keyWords = (input: { accessKey: string; label: string | null }) => (input.label ? `“${input.label}” (${input.accessKey})` : input.accessKey);

/** A moment as a mail says it, in UTC to the minute ("2026-12-04 21:04 UTC"); a day as "2026-12-04". */
export const mailTime = (at: number) => `${new Date(at).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
export const mailDay = (at: number) => new Date(at).toISOString().slice(0, 10);

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

/** The link that verifies an address: at sign-up, on request, or for a new address (purpose change). */
export function verifyAddressMail(input: {
  to: string;
  name: string | null;
  url: string;
  purpose: 'verify' | 'change';
  /** the bound invitation the account joins once verified */
  joins: string | null;
}): OutgoingMail {
  const paragraphs =
    input.purpose === 'change'
      ? [`You asked to change the address of your Foyer account to ${input.to}. Your account keeps its old address until you follow this link.`]
      : [`Please confirm that ${input.to} is your address, so that it counts as verified on your Foyer account.`];
  if (input.joins) paragraphs.push(`Following the link also makes you a member of ${input.joins}: its invitation admits only a verified address.`);
  return composeMail({
    to: input.to,
    subject: input.purpose === 'change' ? 'Confirm your new address for Foyer' : input.joins ? `Verify your address to join ${input.joins}` : 'Verify your address for Foyer',
    name: input.name,
    paragraphs,
    action: { label: input.purpose === 'change' ? 'Confirm the new address' : 'Verify my address', url: input.url },
    afterAction: ['The link works once, for 24 hours; a newer link replaces it.', 'If you did not ask for this, ignore this mail: nothing changes.'],
  });
}

/** To the old address, when a change to another one was asked for: it changes only once the new address confirms it. */
export function addressChangeNotice(input: { to: string; name: string | null; newAddress: string; profileUrl: string }): OutgoingMail {
  return composeMail({
    to: input.to,
    subject: 'Your Foyer address is about to change',
    name: input.name,
    paragraphs: [
      `Someone signed in to your Foyer account, confirmed its password, and asked to change its address to ${input.newAddress}. It changes only when the link sent to that address is followed.`,
      'If this was you, there is nothing to do. If it was not, change your password on your Profile page now and sign out your other sessions: the change then cannot be confirmed from them, and the link stops working when you ask for another change.',
    ],
    action: { label: 'Open your Profile page', url: input.profileUrl },
  });
}

/** To an address someone asked to move their account to, when another account has it already: nothing changed. */
export function addressTakenNotice(input: { to: string; profileUrl: string }): OutgoingMail {
  return composeMail({
    to: input.to,
    subject: 'Someone asked to use your address on Foyer',
    name: null,
    paragraphs: [
      `Someone asked to change the address of their Foyer account to ${input.to}. A Foyer account already uses this address, so nothing changed.`,
      'If this was you, you already have an account with this address: sign in with it instead. If it was not, there is nothing to do.',
    ],
    action: { label: 'Open Foyer', url: input.profileUrl },
  });
}

/** An invitation sent by "Invite by email": the link to join, who sent it, the role, and until when it works. */
export function invitationMail(input: { to: string; inviter: string; workspace: string; role: 'admin' | 'member'; url: string; expires: string }): OutgoingMail {
  return composeMail({
    to: input.to,
    subject: `${input.inviter} invited you to ${input.workspace} on Foyer`,
    name: null,
    paragraphs: [`${input.inviter} invited you to join ${input.workspace} on Foyer as ${input.role === 'admin' ? 'an admin' : 'a member'}.`],
    action: { label: `Join ${input.workspace}`, url: input.url },
    afterAction: [`The link works until ${input.expires}. If you did not expect this invitation, ignore this mail.`],
  });
}

/** A key pair of the person's that expires within a week (sent once per key pair). */
export function keyExpiringMail(input: { to: string; name: string | null; accessKey: string; label: string | null; workspace: string; expires: string; profileUrl: string }): OutgoingMail {
  const key = keyWords(input);
  return composeMail({
    to: input.to,
    subject: 'A Foyer key pair of yours expires soon',
    name: input.name,
    paragraphs: [
      `Your key pair ${key} in ${input.workspace} expires on ${input.expires}. From then on, the SDK, clearml-init and agents that use it can no longer sign in with it.`,
      'To keep them working, create a new key pair on your Profile page, put it where the old one is used, and revoke the old one.',
    ],
    action: { label: 'Open your Profile page', url: input.profileUrl },
  });
}

/** A key pair of the person's revoked because its secret was reported as leaked. */
export function keyLeakReportedMail(input: {
  to: string;
  name: string | null;
  accessKey: string;
  label: string | null;
  workspace: string;
  profileUrl: string;
  /** the secret reported was the one a rotation replaced: only it stopped working */
  oldSecretOnly?: boolean;
}): OutgoingMail {
  const key = keyWords(input);
  if (input.oldSecretOnly) {
    return composeMail({
      to: input.to,
      subject: 'The old secret of a Foyer key pair of yours stopped working: it was found in the open',
      name: input.name,
      paragraphs: [
        `Someone reported the old secret of your key pair ${key} in ${input.workspace}, the one its rotation replaced, as found where it should not be, such as a public repository or a paste. Foyer ended the rotation's overlap at once: the old secret, and the sessions it had opened, stopped working.`,
        'The new secret keeps working. Whatever still used the old one (the SDK, clearml-init, an agent) must be given the new secret, and the old one removed from wherever it was published.',
      ],
      action: { label: 'Open your Profile page', url: input.profileUrl },
      afterAction: ['Your Profile page’s Security log shows when it was reported, and from which address.'],
    });
  }
  return composeMail({
    to: input.to,
    subject: 'A Foyer key pair of yours was revoked: its secret was found in the open',
    name: input.name,
    paragraphs: [
      `Someone reported the secret of your key pair ${key} in ${input.workspace} as found where it should not be, such as a public repository or a paste. Foyer revoked the key pair at once and ended the sessions it had opened, so the secret is worth nothing now.`,
      'Whatever used it (the SDK, clearml-init, an agent) can no longer sign in with it: create new credentials on your Profile page and put them in its place, and remove the old secret from wherever it was published.',
    ],
    action: { label: 'Open your Profile page', url: input.profileUrl },
    afterAction: ['Your Profile page’s Security log shows when it was reported, and from which address.'],
  });
}

interface UnusedKeyMail {
  to: string;
  name: string | null;
  accessKey: string;
  label: string | null;
  workspace: string;
  days: number;
  profileUrl: string;
}

/** A key pair of the person's that no client has used lately, a few days before the workspace revokes it. */
export function unusedKeyNoticeMail(input: UnusedKeyMail & { revokedOn: string }): OutgoingMail {
  return composeMail({
    to: input.to,
    subject: 'A Foyer key pair of yours will be revoked: it is not used',
    name: input.name,
    paragraphs: [
      `No client has used your key pair ${keyWords(input)} in ${input.workspace} lately. ${input.workspace} revokes key pairs unused for ${input.days} days, so it will be revoked on ${input.revokedOn}.`,
      'If something still needs it, any sign-in with it before then keeps it. If nothing does, there is nothing to do.',
    ],
    action: { label: 'Open your Profile page', url: input.profileUrl },
  });
}

/** A key pair of the person's that the workspace revoked after it went unused. */
export function unusedKeyRevokedMail(input: UnusedKeyMail): OutgoingMail {
  return composeMail({
    to: input.to,
    subject: 'A Foyer key pair of yours was revoked: it was not used',
    name: input.name,
    paragraphs: [
      `Your key pair ${keyWords(input)} in ${input.workspace} was revoked: no client had used it for ${input.days} days, which is as long as ${input.workspace} keeps unused key pairs.`,
      'If something needs it after all, create new credentials on your Profile page and put them in its place.',
    ],
    action: { label: 'Open your Profile page', url: input.profileUrl },
  });
}
