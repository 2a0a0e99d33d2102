import { Switch, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getReportStatsOption, setReportStatsOption } from '../../../api/server';
import classes from './Preferences.module.css';
import type { ReportStatsOption } from '@foyer/contract';

const REPORT_STATS_QUERY_KEY = ['server.report_stats_option'] as const;

/** "Send anonymous usage data": a server-wide choice on a self-hosted (single mode) server, changed by admins. */
export function UsageDataPreference() {
  const queryClient = useQueryClient();
  const option = useQuery({ queryKey: REPORT_STATS_QUERY_KEY, queryFn: getReportStatsOption });
  const change = useMutation({
    mutationFn: setReportStatsOption,
    onMutate: (enabled) => {
      const previous = queryClient.getQueryData<ReportStatsOption>(REPORT_STATS_QUERY_KEY);
      if (previous) queryClient.setQueryData(REPORT_STATS_QUERY_KEY, { ...previous, enabled });
      return { previous };
    },
    onError: (_error, _enabled, context) => {
      if (context?.previous) queryClient.setQueryData(REPORT_STATS_QUERY_KEY, context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: REPORT_STATS_QUERY_KEY }),
  });

  if (!option.data?.supported) return null;
  const canChange = option.data.can_change;
  const destination =
    option.data.destination_configured === false
      ? 'This server has no report destination configured, so nothing is sent even when this is on.'
      : 'Reports go only to the destination the server\'s operator configured.';

  return (
    <div>
      <Switch
        size="md"
        label="Send anonymous usage data"
        description={`A server-wide choice${canChange ? '' : ' that only an administrator can change'}. ${destination}`}
        checked={option.data.enabled}
        disabled={!canChange}
        classNames={{ label: classes.readOnlyLabel, description: classes.readOnlyDescription, track: classes.readOnlyTrack }}
        onChange={(event) => change.mutate(event.currentTarget.checked)}
      />
      {change.error && (
        <Text size="sm" c="red" mt="xs" role="alert">
          The setting could not be changed: {change.error.message}
        </Text>
      )}
    </div>
  );
}
