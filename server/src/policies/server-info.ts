// What the server says about itself: its version and public addresses, to anyone.
import { anyone, policy } from './core.ts';

export const serverInfoPolicy = policy('server_info').allow(['read'], anyone);
