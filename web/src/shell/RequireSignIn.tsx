import { Alert, Button, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { isApiError } from '../api/client';
import { useCurrentUser } from '../session/current-user';
import { AppFrame, FullPageLoader, FullPageProblem } from './AppFrame';
import type { CurrentUser } from '@foyer/contract';

/**
 * Shows its page inside the app frame for a signed-in user. A signed-out visitor is sent to sign in by the query
 * client's 401 handler, which remembers where they were going.
 */
export function RequireSignIn({ children }: { children: (user: CurrentUser) => ReactNode }) {
  const currentUser = useCurrentUser();
  if (currentUser.data) return <AppFrame user={currentUser.data}>{children(currentUser.data)}</AppFrame>;
  if (currentUser.isError && !isApiError(currentUser.error, 401)) {
    return (
      <FullPageProblem>
        <Stack maw={480}>
          <Alert color="red" variant="light" title="Your account could not be loaded">
            {currentUser.error.message}
          </Alert>
          <Button variant="default" onClick={() => void currentUser.refetch()}>
            Try again
          </Button>
        </Stack>
      </FullPageProblem>
    );
  }
  return <FullPageLoader />;
}
