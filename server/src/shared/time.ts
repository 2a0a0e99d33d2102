/** ISO 8601 in UTC with an explicit +00:00 offset, as the reference server writes datetimes. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}
