// Creating an account: through an invitation link always; without one only where the server's sign-up is open.
import { anyone, policy, type Actor, type Verdict } from './core.ts';

export interface SignUpSubject {
  mode: 'single' | 'multi';
  signup: 'open' | 'invite-only';
  invited: boolean;
}

const mayCreateAccount = (_actor: Actor | undefined, subject: SignUpSubject): Verdict =>
  subject.invited || (subject.mode === 'multi' && subject.signup === 'open') || 'Accounts on this server are created through an invitation link';

export const signUpPolicy = policy('sign_up')
  .allow(['create_account'], mayCreateAccount)
  // the setup token printed by the server is the proof (first-admin.ts checks it)
  .allow(['set_up_first_admin'], anyone);
