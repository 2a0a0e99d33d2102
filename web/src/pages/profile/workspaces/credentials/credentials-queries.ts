import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createCredentials, editCredentialLabel, getCredentials, revokeCredentials } from '../../../../api/auth';

export const CREDENTIALS_QUERY_KEY = ['auth.get_credentials'] as const;

export function useCredentials() {
  return useQuery({ queryKey: CREDENTIALS_QUERY_KEY, queryFn: getCredentials });
}

function useInvalidateCredentials() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: CREDENTIALS_QUERY_KEY });
}

export function useCreateCredentials() {
  const invalidate = useInvalidateCredentials();
  return useMutation({ mutationFn: createCredentials, onSuccess: invalidate });
}

export function useEditCredentialLabel() {
  const invalidate = useInvalidateCredentials();
  return useMutation({
    mutationFn: ({ accessKey, label }: { accessKey: string; label: string }) => editCredentialLabel(accessKey, label),
    onSuccess: invalidate,
  });
}

export function useRevokeCredentials() {
  const invalidate = useInvalidateCredentials();
  return useMutation({ mutationFn: revokeCredentials, onSuccess: invalidate });
}
