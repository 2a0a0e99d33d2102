import { useMutation, useQueryClient } from '@tanstack/react-query';
import { signOut } from '../api/auth';
import { isApiError } from '../api/client';
import { navigate } from '../navigation/location';
import { dismissNotice } from './notice';

/** Signs out (the server clears the session cookie), forgets everything loaded, and shows the sign-in page. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const leave = () => {
    dismissNotice();
    navigate('/login', { replace: true });
    queryClient.clear();
  };
  return useMutation({
    mutationFn: signOut,
    onSuccess: leave,
    // Already signed out (the session ended elsewhere): the result is the same.
    onError: (error) => {
      if (isApiError(error, 401)) leave();
    },
  });
}
