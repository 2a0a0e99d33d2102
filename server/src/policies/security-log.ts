// A person's security log: like their sessions, read only from a session opened with the password.
import { policy } from './core.ts';
import { personSignedIn } from './session.ts';

export const securityLogPolicy = policy('security_log').allow(['read'], personSignedIn);
