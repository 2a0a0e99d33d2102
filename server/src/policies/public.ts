// What anyone may do, signed in or not: sign in (the password or key pair is the proof), sign out, read how to sign in,
// follow a verification link (the link is the proof).
import { anyone, policy } from './core.ts';

export const publicPolicy = policy('public').allow(['sign_in', 'sign_in_and_join', 'sign_out', 'read_sign_in_options', 'ping', 'follow_email_link'], anyone);
