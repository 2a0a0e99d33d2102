// A person's account: their own profile, preferences and password; server administrators may rename the people of
// the workspace they act in.
import { policy, signedIn, type Actor, type Verdict } from './core.ts';

export interface AccountSubject {
  userId: string;
}

const own = (actor: Actor | undefined, subject: AccountSubject): Verdict => actor?.userId === subject.userId || 'This is not your account';

const mayRename = (actor: Actor | undefined, subject: AccountSubject): Verdict =>
  actor?.userId === subject.userId || actor?.serverRole === 'admin' || 'You can only change your own name';

/**
 * A key pair is for programs: a program holding one (or a token it opened) must not be able to guess the password,
 * then take the account over in every workspace.
 */
const mayChangePassword = (actor: Actor | undefined, subject: AccountSubject): Verdict => {
  if (actor?.keyPairOf) {
    return 'The password can only be changed in a session opened with the password. This call was made with a key pair (or a token a key pair opened): sign in with your email and password, then change it.';
  }
  return own(actor, subject);
};

/** The address: like the password, only from a session opened with the password (the account's own). */
const mayChangeEmail = (actor: Actor | undefined, subject: AccountSubject): Verdict => {
  if (actor?.keyPairOf) {
    return 'The address can only be changed in a session opened with the password. This call was made with a key pair (or a token a key pair opened): sign in with your email and password, then change it.';
  }
  return own(actor, subject);
};

export const userAccountPolicy = policy('user_account')
  .allow(['read', 'read_preferences', 'set_preferences'], own)
  .allow(['rename'], mayRename)
  .allow(['change_password'], mayChangePassword)
  .allow(['change_email'], mayChangeEmail)
  .allow(['send_verification_email'], own)
  // the people of the workspace the caller is signed into
  .allow(['list_in_workspace'], signedIn);
