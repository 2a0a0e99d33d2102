import { useQuery } from '@tanstack/react-query';
import { getPreferences } from '../api/users';

export const PREFERENCES_QUERY_KEY = ['users.get_preferences'] as const;

export function usePreferences() {
  return useQuery({ queryKey: PREFERENCES_QUERY_KEY, queryFn: getPreferences });
}
