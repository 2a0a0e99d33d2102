import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client';
import { currentPathForReturn, navigate, signInPathReturningTo } from '../navigation/location';
import { sessionEndOf } from './session-end';

const PUBLIC_PATHS = new Set(['/login', '/setup', '/signup']);

/** The pages a signed-out visitor may see: sign-in, sign-up, first-run setup, and invitation links. */
function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname) || pathname === '/invite' || pathname.startsWith('/invite/');
}

/**
 * A signed-out session (401 on any query) sends the user to sign in, and back here afterwards; the sign-in page
 * says why when the server did (a password change, a removal, a sign-out in another tab).
 */
function onQueryError(error: unknown): void {
  if (isApiError(error, 401) && !isPublicPath(window.location.pathname)) {
    navigate(signInPathReturningTo(currentPathForReturn(), sessionEndOf(error)), { replace: true });
  }
}

/** A change refused because the session ended elsewhere goes the same way; other refusals stay in their dialog. */
function onMutationError(error: unknown): void {
  if (sessionEndOf(error) && !isPublicPath(window.location.pathname)) onQueryError(error);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onQueryError }),
    mutationCache: new MutationCache({ onError: onMutationError }),
    defaultOptions: {
      queries: {
        // A 4xx answer will not change by asking again; network trouble and 5xx get two more tries.
        retry: (failureCount, error) => failureCount < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
}
