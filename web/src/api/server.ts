import { callApi } from './client';

export interface ServerInfo {
  version: string;
  build: string;
  api_version: string;
  mode: 'single' | 'multi';
  urls: { web: string; api: string; files: string };
}

export function getServerInfo(): Promise<ServerInfo> {
  return callApi('server.info');
}

export interface ReportStatsOption {
  supported: boolean;
  enabled: boolean;
  enabled_version?: string;
  current_version: string;
  /** whether the operator configured where reports go; without one nothing is ever sent */
  destination_configured?: boolean;
  /** whether this user may change the setting (administrators) */
  can_change: boolean;
}

export function getReportStatsOption(): Promise<ReportStatsOption> {
  return callApi('server.report_stats_option');
}

/** Administrators only: the server answers 403 to anyone else. */
export function setReportStatsOption(enabled: boolean): Promise<ReportStatsOption> {
  return callApi('server.report_stats_option', { enabled });
}
