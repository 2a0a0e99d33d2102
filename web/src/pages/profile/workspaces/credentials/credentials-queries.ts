import { useQuery } from '@tanstack/react-query';
import { createCredentials, editCredentialLabel, getCredentials, revokeCredentials } from '../../../../api/auth';
import { useReloadingMutation } from '../../../../session/reloading-mutation';
import { SESSIONS_QUERY_KEY } from '../../sessions/sessions-queries';

export const CREDENTIALS_QUERY_KEY = ['auth.get_credentials'] as const;

export function useCredentials() {
  return useQuery({ queryKey: CREDENTIALS_QUERY_KEY, queryFn: getCredentials });
}

export const useCreateCredentials = () => useReloadingMutation(CREDENTIALS_QUERY_KEY, createCredentials);

export const useEditCredentialLabel = () =>
  useReloadingMutation(CREDENTIALS_QUERY_KEY, ({ accessKey, label }: { accessKey: string; label: string }) => editCredentialLabel(accessKey, label));

// the sessions a key pair opened end with it
export const useRevokeCredentials = () => useReloadingMutation(CREDENTIALS_QUERY_KEY, revokeCredentials, { alsoReload: [SESSIONS_QUERY_KEY] });
