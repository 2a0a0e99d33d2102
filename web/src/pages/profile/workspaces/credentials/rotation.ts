// What the page says of a key pair in rotation: the overlaps offered, and who still uses the old secret. Pure: the
// caller passes the clock.
import { DEFAULT_ROTATION_OVERLAP_SEC, ROTATION_OVERLAP_CHOICES, type CredentialRotation } from '@foyer/contract';
import { relativeTime } from '../../../../ui/times';

function overlapLabel(seconds: number): string {
  if (seconds === 0) return 'None: the old secret stops at once';
  if (seconds < 24 * 3600) return seconds === 3600 ? '1 hour' : `${seconds / 3600} hours`;
  const days = seconds / (24 * 3600);
  return days === 1 ? '1 day' : `${days} days`;
}

export const OVERLAP_OPTIONS = ROTATION_OVERLAP_CHOICES.map((seconds) => ({
  value: String(seconds),
  label: seconds === DEFAULT_ROTATION_OVERLAP_SEC ? `${overlapLabel(seconds)} (recommended)` : overlapLabel(seconds),
}));

export const DEFAULT_OVERLAP = String(DEFAULT_ROTATION_OVERLAP_SEC);

/** "clearml-agent-1.9.2" as people write it: "clearml-agent 1.9.2". */
export function clientWords(client: string): string {
  return client.replace(/-(?=\d)/, ' ');
}

/**
 * "Old secret still used by worker gpu-03 (clearml-agent 1.9.2) 2 hours ago", or, when nothing has used it since the
 * rotation, null (the page then offers to end the overlap).
 */
export function oldSecretUse(rotation: CredentialRotation, now: number): string | null {
  if (!rotation.old_secret_last_used) return null;
  const who = rotation.old_secret_last_used_worker
    ? `worker ${rotation.old_secret_last_used_worker}`
    : rotation.old_secret_last_used_from
      ? `a client at ${rotation.old_secret_last_used_from}`
      : 'a client';
  const client = rotation.old_secret_last_used_client ? ` (${clientWords(rotation.old_secret_last_used_client)})` : '';
  return `Old secret still used by ${who}${client} ${relativeTime(new Date(rotation.old_secret_last_used), now)}`;
}
