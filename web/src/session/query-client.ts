import { QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client';
import { currentPathForReturn, navigate, signInPathReturningTo } from '../navigation/location';

const PUBLIC_PATHS = new Set(['/login', '/setup']);

/** The pages a signed-out visitor may see: sign-in, first-run setup, and invitation links. */
function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname) || pathname === '/invite' || pathname.startsWith('/invite/');
}

/** A signed-out session (401 on any query) sends the user to sign in, and back here afterwards. */
function onQueryError(error: unknown): void {
  if (isApiError(error, 401) && !isPublicPath(window.location.pathname)) {
    navigate(signInPathReturningTo(currentPathForReturn()), { replace: true });
  }
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onQueryError }),
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
