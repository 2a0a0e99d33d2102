// Server-wide settings, which only the server's administrators change.
import { policy, signedIn, type Actor, type Verdict } from './core.ts';

const administratorsOnly =
  (refusal: string) =>
  (actor: Actor | undefined): Verdict =>
    actor?.serverRole === 'admin' || refusal;

export const serverSettingsPolicy = policy('server_settings')
  .allow(['read_stats_option'], signedIn)
  .allow(['change_stats_option'], administratorsOnly('Only administrators can change whether anonymous usage data is sent'));
