// "Forgot password?": anyone may ask for a link (the mail goes only to the account's own address), look at a link
// and use it (the link is the proof).
import { anyone, policy } from './core.ts';

export const passwordResetPolicy = policy('password_reset').allow(['request_link', 'read_link', 'use_link'], anyone);
