// The rules of "Forgot password?" links, free of HTTP and SQL.
import { PASSWORD_RESET_LINK_MINUTES, normalizeEmail, type PasswordResetRefusal } from '@foyer/contract';
import type { Config } from '../config.ts';
import type { PasswordAttempt } from '../auth/throttle.ts';

export const RESET_LINK_LIFETIME_MS = PASSWORD_RESET_LINK_MINUTES * 60 * 1000;

/**
 * Every request for a link answers after at least this long, whether or not an account uses the address: a mail
 * sent and a mail not sent then take the same time, unless the SMTP server itself takes longer.
 */
export const RESET_REQUEST_ANSWER_MS = 1000;

/** Requests for links, counted per address and per IP whatever they find: free ones, then waits of 1 s, 2 s, 4 s … */
export const RESET_FREE_REQUESTS_PER_ADDRESS = 3;
export const RESET_FREE_REQUESTS_PER_IP = 20;

/** The throttle counters of a request for a link (auth/throttle.ts, with keys of their own beside the sign-in ones). */
export function resetRequestAttempt(settings: Config['loginThrottle'], email: string, ip: string): PasswordAttempt {
  const { maxDelaySec } = settings;
  return {
    account: { key: `reset:account:${normalizeEmail(email)}`, policy: { freeFailures: RESET_FREE_REQUESTS_PER_ADDRESS, maxDelaySec } },
    ip: { key: `reset:ip:${ip}`, policy: { freeFailures: RESET_FREE_REQUESTS_PER_IP, maxDelaySec } },
  };
}

/** Enough of an address to recognise it, not to learn it: "ada.lovelace@example.com" → "a***e@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = [...email.slice(0, at)];
  const shown = local.length > 3 ? `${local[0]}***${local[local.length - 1]}` : `${local[0]}***`;
  return `${shown}${email.slice(at)}`;
}

export interface LinkState {
  expires_at: number;
  used_at: number | null;
  /** a newer link of the same account exists */
  replaced: boolean;
}

/** Why a link cannot be used now, or undefined if it can. */
export function linkRefusal(link: LinkState | undefined, now: number): PasswordResetRefusal | undefined {
  if (!link) return 'not_found';
  if (link.used_at !== null) return 'used';
  if (link.replaced) return 'replaced';
  if (link.expires_at <= now) return 'expired';
  return undefined;
}

export const REFUSAL_MESSAGES: Record<PasswordResetRefusal, string> = {
  not_found: 'This reset link is not valid. Check that you opened the whole link from the mail, or ask for a new one.',
  used: 'This reset link was used already: each link sets a password once. If you did not use it, ask for a new one.',
  expired: `This reset link has expired: links work for ${PASSWORD_RESET_LINK_MINUTES} minutes. Ask for a new one.`,
  replaced: 'A newer reset link was sent since this one, which voided it. Use the newest mail, or ask for a new link.',
};
