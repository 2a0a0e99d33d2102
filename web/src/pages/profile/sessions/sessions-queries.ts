import { useQuery } from '@tanstack/react-query';
import { getSessions, revokeOtherSessions, revokeSession } from '../../../api/users';
import { useReloadingMutation } from '../../../session/reloading-mutation';

export const SESSIONS_QUERY_KEY = ['users.get_sessions'] as const;

export function useSessions() {
  return useQuery({ queryKey: SESSIONS_QUERY_KEY, queryFn: getSessions });
}

export const useRevokeSession = () => useReloadingMutation(SESSIONS_QUERY_KEY, revokeSession);

export const useRevokeOtherSessions = () => useReloadingMutation(SESSIONS_QUERY_KEY, revokeOtherSessions);
