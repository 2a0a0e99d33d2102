import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';

/**
 * A change to a list the page shows: once the server has made it, the list is loaded again (and the change counts
 * as done only then, so that a closing dialog never leaves the old list behind it). `alsoReload` names the other
 * lists the same change reaches (revoking a key pair also ends the sessions it opened).
 */
export function useReloadingMutation<Result, Variables>(
  listKey: QueryKey,
  mutationFn: (variables: Variables) => Promise<Result>,
  { alsoReload = [] }: { alsoReload?: readonly QueryKey[] } = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => Promise.all([listKey, ...alsoReload].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}
