// What the account forms say about a field left empty or a password too short, the same on every form.
import { MIN_PASSWORD_LENGTH } from '@foyer/contract';

export const ENTER_YOUR_NAME = 'Enter your name.';
export const ENTER_YOUR_EMAIL = 'Enter your email.';
export const ENTER_YOUR_PASSWORD = 'Enter your password.';

export function newPasswordProblem(password: string): string | undefined {
  return password.length >= MIN_PASSWORD_LENGTH ? undefined : `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
}
