import { useQuery } from '@tanstack/react-query';
import { deleteAccessRow, getAccessRows, saveAccessRow } from '../../../api/storage-access';
import { useReloadingMutation } from '../../../session/reloading-mutation';

export const STORAGE_ACCESS_QUERY_KEY = ['storage_access.get_all'] as const;

export function useAccessRows() {
  return useQuery({ queryKey: STORAGE_ACCESS_QUERY_KEY, queryFn: getAccessRows });
}

export const useSaveAccessRow = () => useReloadingMutation(STORAGE_ACCESS_QUERY_KEY, saveAccessRow);

export const useDeleteAccessRow = () => useReloadingMutation(STORAGE_ACCESS_QUERY_KEY, deleteAccessRow);
