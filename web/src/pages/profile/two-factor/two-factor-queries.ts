import { useQuery } from '@tanstack/react-query';
import { isApiError } from '../../../api/client';
import { getTwoFactor } from '../../../api/two-factor';

export const TWO_FACTOR_QUERY_KEY = ['users.get_two_factor'] as const;

export function useTwoFactor() {
  return useQuery({ queryKey: TWO_FACTOR_QUERY_KEY, queryFn: getTwoFactor });
}

/** The field an API refusal names (password or code), so the dialog shows it under that field. */
export function refusedField(error: unknown): 'password' | 'code' | undefined {
  const field = isApiError(error) ? error.errorData.field : undefined;
  return field === 'password' || field === 'code' ? field : undefined;
}
