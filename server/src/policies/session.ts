// A person's sessions: only they see and end them, and only from a session opened with the password. A program
// holding a key pair (or a token one opened) must not learn where its owner signs in, nor sign them out.
import { passwordSessionOnly, policy } from './core.ts';

export const sessionPolicy = policy('session').allow(['list', 'revoke', 'revoke_others'], passwordSessionOnly('Sessions are seen and ended'));
