import { defineEndpoint } from '../http/endpoint.ts';
import { actorOf, authorize, can } from '../policies/index.ts';
import { isoTime } from '../shared/time.ts';
import { API_VERSION, SERVER_COMMIT, SERVER_VERSION } from '../shared/version.ts';
import { readSetting, writeSetting } from './settings.ts';
import { STATS_OPTION_SETTING, type StatsOption } from './stats-report.ts';

export const serverEndpoints = [
  defineEndpoint({
    name: 'server.info',
    auth: 'optional',
    changesState: false,
    authorize: 'server_info.read',
    handle(ctx) {
      const { config } = ctx.services;
      return {
        version: SERVER_VERSION,
        build: config.build,
        commit: SERVER_COMMIT,
        api_version: API_VERSION,
        mode: config.mode,
        urls: { web: config.publicWebUrl, api: config.publicApiUrl, files: config.publicFilesUrl },
      };
    },
  }),

  defineEndpoint({
    name: 'server.report_stats_option',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      // A self-hosted server's choice; a hosted (multi) deployment does not offer it.
      if (services.config.mode !== 'single') {
        authorize(ctx, 'server_settings.read_stats_option', undefined);
        return { supported: false as const, can_change: false };
      }
      authorize(ctx, params.enabled !== undefined ? 'server_settings.change_stats_option' : 'server_settings.read_stats_option', undefined);
      const { db } = services;
      if (params.enabled !== undefined) {
        const option: StatsOption = { enabled: params.enabled, enabled_time: services.now(), enabled_version: SERVER_VERSION, enabled_user: identity.userId };
        await writeSetting(db, STATS_OPTION_SETTING, option);
      }
      const option = await readSetting<StatsOption>(db, STATS_OPTION_SETTING);
      return {
        supported: true as const,
        enabled: option?.enabled ?? false,
        ...(option
          ? { enabled_time: isoTime(option.enabled_time), enabled_version: option.enabled_version, enabled_user: option.enabled_user }
          : {}),
        current_version: SERVER_VERSION,
        destination_configured: services.config.statsUrl !== undefined,
        can_change: can(actorOf(identity), 'server_settings.change_stats_option', undefined),
      };
    },
  }),

  defineEndpoint({
    name: 'debug.ping',
    auth: 'none',
    changesState: false,
    authorize: 'public.ping',
    handle(ctx, params) {
      return { ...params, msg: 'Foyer server' };
    },
  }),
];
