// What the invitation page says about a link that no longer works: which case it is, and what to do.

export type DeadLinkReason = Extract<InviteRefusal, 'not_found' | 'revoked' | 'used_up' | 'expired' | 'inviter_lost_rights'>;
import type { InviteRefusal } from '@foyer/contract';

export const DEAD_LINKS: Record<DeadLinkReason, { title: string; text: string }> = {
  not_found: {
    title: 'This invitation link does not work',
    text:
      'No invitation matches this link. Check that you opened all of it: a link split over two lines in an email often ' +
      'loses its end. If it still does not work, ask the person who invited you to send the link again.',
  },
  expired: {
    title: 'This invitation has expired',
    text:
      'Invitation links work for a limited time, and this one’s time is up. Ask the person who invited you to send ' +
      'you a new link.',
  },
  used_up: {
    title: 'This invitation link has been used',
    text:
      'It has already admitted as many people as it was made for. If you joined with it, sign in. Otherwise ask the ' +
      'person who invited you for a new link.',
  },
  inviter_lost_rights: {
    title: 'This invitation no longer works',
    text:
      'The person who sent it can no longer invite people to this workspace, or no longer with the role this link ' +
      'gives. Ask them or an admin of the workspace for a new link.',
  },
  revoked: {
    title: 'This invitation was revoked',
    text:
      'The person who sent it, or an admin of the workspace, withdrew it, so it no longer admits anyone. If you still ' +
      'mean to join, ask them for a new link.',
  },
};
