// How the Test dialog and the preview box report what happened: the server's sign error, a failure to load the
// signed URL in this browser, or which row signed it.
import { Alert, Text } from '@mantine/core';
import { bucketLabel, SIGN_FAILURE_TITLES, whenExpires } from './describe';
import type { ObjectFailure } from './object-check';
import type { AccessRow, SignFailureReason } from '@foyer/contract';

export function SignFailureAlert({ reason, error }: { reason: SignFailureReason; error: string }) {
  return (
    <Alert color="red" variant="light" title={`Not signed: ${SIGN_FAILURE_TITLES[reason] ?? 'the server refused'}`}>
      {error}
      {/[.!?]$/.test(error) ? '' : '.'}
    </Alert>
  );
}

export function LoadFailureAlert({ failure }: { failure: ObjectFailure }) {
  return (
    <Alert color="red" variant="light" title={failure.title}>
      {failure.detail}
    </Alert>
  );
}

export function SignedBy({ rowId, rows, expires }: { rowId: string; rows: AccessRow[]; expires: string }) {
  const row = rows.find((candidate) => candidate.id === rowId);
  return (
    <Text size="sm" c="dimmed">
      Signed by Foyer with the keys for {row ? bucketLabel(row) : 'a row'}
      {row?.endpoint ? ` on ${row.endpoint}` : ''}; the signed URL is valid until {whenExpires(expires)}.
    </Text>
  );
}
