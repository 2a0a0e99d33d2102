import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';

/**
 * A change to a list the page shows: once the server has made it, the list is loaded again (and the change counts
 * as done only then, so that a closing dialog never leaves the old list behind it).
 */
export function useReloadingMutation<Result, Variables>(listKey: QueryKey, mutationFn: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: listKey }) });
}
