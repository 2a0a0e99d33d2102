import { Alert, Loader } from '@mantine/core';

interface LoadStatusProps {
  query: { isPending: boolean; error: Error | null };
  /** what the spinner is heard as, like "Loading members" */
  loadingLabel: string;
  /** the alert's title when loading failed, like "The members could not be loaded" */
  errorTitle: string;
}

/** A spinner while a list loads, and why not if it could not be. */
export function LoadStatus({ query, loadingLabel, errorTitle }: LoadStatusProps) {
  return (
    <>
      {query.isPending && <Loader size="sm" aria-label={loadingLabel} />}
      {query.error && (
        <Alert color="red" variant="light" title={errorTitle}>
          {query.error.message}
        </Alert>
      )}
    </>
  );
}
