import { useQuery } from '@tanstack/react-query';
import { createCredentials, editCredentialLabel, endCredentialsRotation, getCredentials, revokeCredentials, rollBackCredentialsRotation, rotateCredentials } from '../../../../api/auth';
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

// each of these may end sessions: those of the old secret (at once, or when its overlap is ended), or of the new one
export const useRotateCredentials = () => useReloadingMutation(CREDENTIALS_QUERY_KEY, rotateCredentials, { alsoReload: [SESSIONS_QUERY_KEY] });
export const useEndCredentialsRotation = () => useReloadingMutation(CREDENTIALS_QUERY_KEY, endCredentialsRotation, { alsoReload: [SESSIONS_QUERY_KEY] });
export const useRollBackCredentialsRotation = () => useReloadingMutation(CREDENTIALS_QUERY_KEY, rollBackCredentialsRotation, { alsoReload: [SESSIONS_QUERY_KEY] });
