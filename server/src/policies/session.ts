// A person's sessions: only they see and end them, and only from a session opened with the password. A program
// holding a key pair (or a token one opened) must not learn where its owner signs in, nor sign them out.
import { policy, type Actor, type Verdict } from './core.ts';

export const personSignedIn = (actor: Actor | undefined): Verdict => {
  if (!actor) return 'Sign in first';
  if (actor.keyPairOf) return 'Sessions are seen and ended from a session opened with the password, never with a key pair (or a token a key pair opened): sign in with your email and password.';
  return true;
};

export const sessionPolicy = policy('session').allow(['list', 'revoke', 'revoke_others'], personSignedIn);
