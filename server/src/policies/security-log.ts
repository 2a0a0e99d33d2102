// A person's security log: like their sessions, read only from a session opened with the password.
import { passwordSessionOnly, policy } from './core.ts';

export const securityLogPolicy = policy('security_log').allow(['read'], passwordSessionOnly('The security log is read'));
