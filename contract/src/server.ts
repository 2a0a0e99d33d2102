// The server itself (server.*, debug.ping).

export interface ServerInfo {
  version: string;
  build: string;
  commit: string;
  api_version: string;
  mode: 'single' | 'multi';
  urls: { web: string; api: string; files: string };
}

export type ReportStatsOption =
  | { supported: false; can_change: boolean }
  | {
      supported: true;
      enabled: boolean;
      enabled_time?: string;
      enabled_version?: string;
      enabled_user?: string;
      current_version: string;
      /** whether the operator configured where reports go; without one nothing is ever sent */
      destination_configured: boolean;
      /** whether this caller may change the setting */
      can_change: boolean;
    };

export interface ServerResults {
  'server.info': ServerInfo;
  'server.report_stats_option': ReportStatsOption;
}
