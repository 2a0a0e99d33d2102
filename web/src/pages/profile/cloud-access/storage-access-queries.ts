import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deleteAccessRow, getAccessRows, saveAccessRow } from '../../../api/storage-access';

export const STORAGE_ACCESS_QUERY_KEY = ['storage_access.get_all'] as const;

export function useAccessRows() {
  return useQuery({ queryKey: STORAGE_ACCESS_QUERY_KEY, queryFn: getAccessRows });
}

function useInvalidateAccessRows() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: STORAGE_ACCESS_QUERY_KEY });
}

export function useSaveAccessRow() {
  const invalidate = useInvalidateAccessRows();
  return useMutation({ mutationFn: saveAccessRow, onSuccess: invalidate });
}

export function useDeleteAccessRow() {
  const invalidate = useInvalidateAccessRows();
  return useMutation({ mutationFn: deleteAccessRow, onSuccess: invalidate });
}
