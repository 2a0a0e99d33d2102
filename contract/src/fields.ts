// Field shapes that several endpoints share.
import { z } from 'zod';
import { EMAIL_PATTERN, MAX_EMAIL_LENGTH, normalizeEmail } from './email.ts';

export const text = (max: number) => z.string().max(max, { message: `must be at most ${max} characters` });

export const nonEmptyText = (max: number) =>
  z.string().trim().min(1, { message: 'must not be empty' }).max(max, { message: `must be at most ${max} characters` });

/** An id of a workspace, user, invitation or queue, as the server hands them out. */
export const idField = z.string().min(1).max(64);

/** A one-time token from a link (invitation, first-administrator setup). */
export const linkTokenField = z.string().min(1).max(200);

/** An address as typed: checked as an address by the endpoint, so that its refusal says which rule it breaks. */
export const typedEmailField = z.string().max(MAX_EMAIL_LENGTH);

/** An address checked here: normalized (normalizeEmail), then it must be one. */
export const emailField = z
  .string()
  .max(400)
  .transform(normalizeEmail)
  .pipe(z.string().max(MAX_EMAIL_LENGTH).regex(EMAIL_PATTERN, { message: 'must be an email address' }));

/** A password as typed; the length rules are checked by the endpoint, with a message that says them. */
export const passwordField = z.string().max(1000);

export const MAX_PERSON_NAME_LENGTH = 100;
export const personNameField = nonEmptyText(MAX_PERSON_NAME_LENGTH);

/** The tags and system_tags lists that queues and workers take: the highest the server's caps may be raised to. */
export const tagListField = z.array(z.string().max(1000)).max(1000);
