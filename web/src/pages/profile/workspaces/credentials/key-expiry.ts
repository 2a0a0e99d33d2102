// The expiry choices of a new key pair, held to the workspace's maximum lifetime as the server holds them, and what
// the table says of a key pair's expiry. Pure: the caller passes the clock.
import { KEY_EXPIRY_NOTICE_DAYS, KEY_LIFETIME_CHOICES, UNUSED_KEY_NOTICE_DAYS, type Credential } from '@foyer/contract';

const DAY_MS = 24 * 3600_000;

/** "never", a number of days from now, or a day the person picks ("date"). */
export type ExpiryChoice = 'never' | `${number}` | 'date';

export interface ExpiryOption {
  value: ExpiryChoice;
  label: string;
}

const daysLabel = (days: number) => (days === 365 ? '1 year' : `${days} days`);

/** What the dialog offers: with a maximum, no "never", nothing longer than it, and the maximum itself. */
export function expiryOptions(maxLifetimeDays: number | null): ExpiryOption[] {
  const days = KEY_LIFETIME_CHOICES.filter((choice) => maxLifetimeDays === null || choice <= maxLifetimeDays);
  if (maxLifetimeDays !== null && !days.includes(maxLifetimeDays as (typeof KEY_LIFETIME_CHOICES)[number])) {
    days.push(maxLifetimeDays as (typeof KEY_LIFETIME_CHOICES)[number]);
  }
  return [
    ...(maxLifetimeDays === null ? [{ value: 'never' as const, label: 'Never' }] : []),
    ...days.map((choice) => ({ value: `${choice}` as ExpiryChoice, label: daysLabel(choice) })),
    { value: 'date', label: 'On a date…' },
  ];
}

/** The first choice: never where allowed, else the workspace's maximum. */
export function defaultExpiry(maxLifetimeDays: number | null): ExpiryChoice {
  return maxLifetimeDays === null ? 'never' : `${maxLifetimeDays}`;
}

/** The latest day the date field may take (YYYY-MM-DD, the reader's calendar), or undefined for none. */
export function latestExpiryDay(maxLifetimeDays: number | null, now: number): string | undefined {
  return maxLifetimeDays === null ? undefined : localDay(new Date(now + maxLifetimeDays * DAY_MS));
}

export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The expires_at a choice sends: null for never; a number of days from now; a picked day ends at the end of that
 * day in the reader's time zone, capped at the workspace's maximum. A problem with the day is a sentence.
 */
export function expiresAtFor(choice: ExpiryChoice, day: string, now: number, maxLifetimeDays: number | null): { expiresAt: string | null } | { problem: string } {
  if (choice === 'never') return { expiresAt: null };
  if (choice !== 'date') return { expiresAt: new Date(now + Number(choice) * DAY_MS).toISOString() };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return { problem: 'Pick the day it expires.' };
  const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  if (end.getTime() <= now) return { problem: 'Pick a day after today.' };
  const latest = maxLifetimeDays === null ? now + 3650 * DAY_MS : now + maxLifetimeDays * DAY_MS;
  if (end.getTime() - DAY_MS > latest) {
    return { problem: maxLifetimeDays === null ? 'Pick a day within ten years.' : `Key pairs in this workspace expire within ${maxLifetimeDays} days: pick an earlier day.` };
  }
  return { expiresAt: new Date(Math.min(end.getTime(), latest)).toISOString() };
}

/**
 * When the workspace's rule revokes an unused key pair (its last use, else its making, plus the days), if that is
 * within the notice window; undefined otherwise or without the rule.
 */
export function unusedRevocationSoon(credential: Pick<Credential, 'created' | 'last_used' | 'expired'>, revokeUnusedAfterDays: number | null, now: number): Date | undefined {
  if (revokeUnusedAfterDays === null || credential.expired) return undefined;
  const revokedAt = Date.parse(credential.last_used ?? credential.created) + revokeUnusedAfterDays * DAY_MS;
  return revokedAt - now <= UNUSED_KEY_NOTICE_DAYS * DAY_MS ? new Date(revokedAt) : undefined;
}

export type ExpiryState = 'never' | 'later' | 'soon' | 'expired';

/** Whether a key pair never expires, expires later, within the notice window, or has expired. */
export function expiryState(credential: Pick<Credential, 'expires' | 'expired'>, now: number): ExpiryState {
  if (credential.expired) return 'expired';
  if (!credential.expires) return 'never';
  const at = Date.parse(credential.expires);
  if (at <= now) return 'expired';
  return at - now <= KEY_EXPIRY_NOTICE_DAYS * DAY_MS ? 'soon' : 'later';
}
