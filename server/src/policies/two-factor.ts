// A person's two-factor sign-in: seen and changed only from a session opened with the password, never with a key
// pair (or a token one opened), since a program holding a key must not be able to lock its owner out.
import { policy, type Actor, type Verdict } from './core.ts';

const passwordSession = (actor: Actor | undefined): Verdict => {
  if (!actor) return 'Sign in first';
  if (actor.keyPairOf) return 'Two-factor sign-in is managed from a session opened with the password, never with a key pair (or a token a key pair opened): sign in with your email and password.';
  return true;
};

export const twoFactorPolicy = policy('two_factor').allow(['read', 'manage'], passwordSession);
