// The one rule for an email address, on the server (accounts, invitations) and in the web app's forms.

// What may surround an address as typed or pasted: every Unicode space and line break (\s: tab, NBSP, U+2000-U+200A,
// U+3000, U+FEFF …), and the invisible characters \s leaves out (zero-width space and joiners, word joiner, U+180E).
const SURROUNDING = /^[\s\u180e\u200b-\u200d\u2060]+|[\s\u180e\u200b-\u200d\u2060]+$/gu;

/**
 * The one spelling of an email address, used wherever an address is compared or looked up: sign-in, throttle keys,
 * uniqueness of accounts, invitations. Surrounding spaces and invisible characters go, case is folded, and the
 * result is in Unicode NFC, so that an "é" typed as one character or as "e" and an accent is one address.
 */
export function normalizeEmail(email: string): string {
  return email.replace(SURROUNDING, '').toLowerCase().normalize('NFC');
}

// No spaces, and no control or invisible characters (Unicode category C: zero-width spaces, direction marks …)
// inside: an address that looks like a taken one must not be a different account.
export const EMAIL_PATTERN = /^[^\s@\p{C}]+@[^\s@\p{C}]+\.[^\s@\p{C}]+$/u;

export const MAX_EMAIL_LENGTH = 254;

/** Whether the server will take this address (after normalizeEmail). */
export function isEmailAddress(email: string): boolean {
  const address = normalizeEmail(email);
  return address.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(address);
}
