import { useQuery } from '@tanstack/react-query';
import { getCurrentUser } from '../api/users';

export const CURRENT_USER_QUERY_KEY = ['users.get_current_user'] as const;

export function useCurrentUser() {
  return useQuery({ queryKey: CURRENT_USER_QUERY_KEY, queryFn: getCurrentUser });
}
