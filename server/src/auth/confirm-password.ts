// The signed-in person's password typed again to confirm a change to their account (a new password, two-factor on or
// off): throttled as a sign-in is, per account and per address, and counted before it is checked.
import type { RequestInfo } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { verifyPassword } from './passwords.ts';
import { attemptSucceeded, beginAttempt, passwordAttempt } from './throttle.ts';

/** Throws a 400 on `field` for a wrong password; the caller marks the attempt succeeded once the change is made. */
export async function confirmPassword(
  services: Services,
  user: { email: string; password_hash: string },
  password: string,
  request: RequestInfo,
  field: string,
): Promise<{ succeeded: () => Promise<void> }> {
  const attempt = passwordAttempt(services.config.loginThrottle, user.email, request.ip);
  await beginAttempt(services.db, attempt, services.now());
  if (!(await verifyPassword(user.password_hash, password))) throw errors.validation(field === 'old_password' ? 'The current password is wrong' : 'The password is wrong', { field });
  return { succeeded: () => attemptSucceeded(services.db, attempt) };
}
