// The server itself (server.*, debug.ping).
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';

export const serverEndpoints = {
  'server.info': endpoint('The server version, API version, mode and public URLs.', z.strictObject({})),
  'server.report_stats_option': endpoint(
    'Whether anonymous usage data is sent; with `enabled`, a server administrator changes it (single-workspace servers).',
    z.strictObject({ enabled: z.boolean().optional() }),
  ),
  'debug.ping': endpoint('Answers with what it was sent: a check that the API is reachable.', z.record(z.string(), z.unknown())),
};
