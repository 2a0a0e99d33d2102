import type { ReportStatsOption, ServerInfo } from '@foyer/contract';
import { callApi } from './client';

export function getServerInfo(): Promise<ServerInfo> {
  return callApi('server.info');
}

export function getReportStatsOption(): Promise<ReportStatsOption> {
  return callApi('server.report_stats_option');
}

/** Administrators only: the server answers 403 to anyone else. */
export function setReportStatsOption(enabled: boolean): Promise<ReportStatsOption> {
  return callApi('server.report_stats_option', { enabled });
}
