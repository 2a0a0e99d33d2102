// Times from the API are ISO 8601 UTC strings; the page shows them in the reader's own time zone and language, one
// way everywhere: a day as calendarDate ("Dec 2, 2026"), a moment as exactTime ("Dec 2, 2026, 1:36 PM UTC"), and
// how long ago as relativeTime ("5 minutes ago"). On the page they are rendered by TimeWithExact (a <time> element,
// the exact moment on hover and focus) or ExactTime; a string (an accessible name, a sentence) uses these functions.

const exactFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});
const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function parseTime(iso: string | null | undefined): Date | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function exactTime(date: Date): string {
  return exactFormat.format(date);
}

export function calendarDate(date: Date): string {
  return dateFormat.format(date);
}

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago" */
export function relativeTime(date: Date, now: number = Date.now()): string {
  const seconds = (date.getTime() - now) / 1000;
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(Math.round(seconds / 60), 'minute');
}

/** "in 5 seconds", "in 3 minutes (at 14:32)" */
export function retryWhen(seconds: number, now: number = Date.now()): string {
  const at = new Date(now + seconds * 1000);
  if (seconds < 60) return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  const clock = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${clock})`;
}
