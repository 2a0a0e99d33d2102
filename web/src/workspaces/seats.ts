// How seats read: "3 of 5 seats used · 1 held by a pending invitation · 1 left", and why a full workspace cannot invite.
import type { SeatSummary } from '@foyer/contract';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function seatsUsed(seats: SeatSummary): string {
  if (seats.allowed === null) return `${plural(seats.allocated, 'member', 'members')} · no member limit`;
  return `${seats.allocated} of ${plural(seats.allowed, 'seat', 'seats')} used`;
}

/** The parts after "N of M seats used": seats held by pending links for one email address, and seats left. */
export function seatDetails(seats: SeatSummary): string[] {
  const parts: string[] = [];
  if (seats.held_by_invites > 0) {
    parts.push(`${seats.held_by_invites} held by ${seats.held_by_invites === 1 ? 'a pending invitation' : 'pending invitations'}`);
  }
  if (seats.seats_left !== null) parts.push(`${seats.seats_left} left`);
  return parts;
}

export function seatLine(seats: SeatSummary): string {
  return [seatsUsed(seats), ...seatDetails(seats)].join(' · ');
}

/**
 * Why nobody can be invited to a full workspace, and what frees a seat: what the caller can do, when the server says
 * they may change the workspace's settings (can.update), or else whom to ask.
 */
export function fullReason(workspaceName: string, seats: SeatSummary, canChangeSettings: boolean): string {
  const held =
    seats.held_by_invites > 0
      ? ` (${plural(seats.allocated, 'member', 'members')}, and ${seats.held_by_invites} held by ${seats.held_by_invites === 1 ? 'an invitation' : 'invitations'} for one email address)`
      : '';
  const limit = seats.allowed === null ? '' : ` of ${plural(seats.allowed, 'member', 'members')}`;
  const remedy = canChangeSettings
    ? 'To invite someone, raise the member limit in the workspace settings, remove a member, or revoke a pending invitation that holds a seat.'
    : 'Ask an owner or admin of the workspace to free a seat or raise the limit.';
  return `${workspaceName} has reached its limit${limit}${held}. ${remedy}`;
}
