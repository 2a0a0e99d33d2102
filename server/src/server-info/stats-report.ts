// "Send anonymous usage data". Nothing is ever sent unless an operator sets FOYER_STATS_URL and an
// administrator enables the option. The report holds counts and versions only: no names, emails or ids
// other than a random id of this installation. Its exact shape is documented in the README.
import type { Services } from '../services.ts';
import { API_VERSION, SERVER_VERSION } from '../shared/version.ts';
import { newId } from '../shared/ids.ts';
import { claimSetting, readSetting } from './settings.ts';

export interface StatsOption {
  enabled: boolean;
  enabled_time: number;
  enabled_version: string;
  enabled_user: string;
}

export const STATS_OPTION_SETTING = 'stats_option';
const INSTALLATION_ID_SETTING = 'installation_id';
const REPORT_EVERY_MS = 24 * 3600 * 1000;

async function count(services: Services, table: 'users' | 'workspaces' | 'credentials' | 'workers'): Promise<number> {
  const query =
    table === 'credentials'
      ? services.db.selectFrom('credentials').where('revoked_at', 'is', null).select((eb) => eb.fn.countAll().as('n'))
      : services.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function buildStatsReport(services: Services) {
  let installation = await readSetting<string>(services.db, INSTALLATION_ID_SETTING);
  if (!installation) {
    // several nodes may report for the first time at once: the first id written is the installation's
    await claimSetting(services.db, INSTALLATION_ID_SETTING, newId());
    installation = (await readSetting<string>(services.db, INSTALLATION_ID_SETTING))!;
  }
  return {
    installation,
    server_version: SERVER_VERSION,
    api_version: API_VERSION,
    node_version: process.versions.node,
    mode: services.config.mode,
    database: services.dialect,
    counts: {
      users: await count(services, 'users'),
      workspaces: await count(services, 'workspaces'),
      credentials: await count(services, 'credentials'),
      workers: await count(services, 'workers'),
    },
  };
}

/** Starts the daily report when a destination is configured; returns a stop function. */
export function startStatsReporter(services: Services): () => void {
  const url = services.config.statsUrl;
  if (!url) return () => {};
  const send = async () => {
    const option = await readSetting<StatsOption>(services.db, STATS_OPTION_SETTING);
    if (!option?.enabled) return;
    const report = await buildStatsReport(services);
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report), signal: AbortSignal.timeout(10_000) });
    services.log.info({ status: response.status }, 'sent the anonymous usage report');
  };
  const run = () => void send().catch((error: unknown) => services.log.warn({ err: error }, 'could not send the anonymous usage report'));
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, REPORT_EVERY_MS);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
