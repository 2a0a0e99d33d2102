import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { signUrlToTest } from '../../../api/storage-access';
import { AppDialog } from '../../../ui/AppDialog';
import { bucketLabel, formatBytes, objectUrlPrefix } from './describe';
import { checkObject, type ObjectFailure, type ObjectFound } from './object-check';
import { LoadFailureAlert, SignedBy, SignFailureAlert } from './results';
import { useLastDefined } from '../../../ui/use-last-defined';
import type { AccessRow, SignResult } from '@foyer/contract';

type Outcome =
  | { step: 'failed'; message: string }
  | { step: 'signed'; sign: SignResult; check?: Omit<ObjectFound, 'response'> | ObjectFailure };

/** Test: sign an object URL with a row's keys, load it in this browser, and say in words what went wrong. */
export function TestAccessDialog({ row, rows, onClose }: { row: AccessRow | undefined; rows: AccessRow[]; onClose: () => void }) {
  const shown = useLastDefined(row);
  return (
    <AppDialog opened={row !== undefined} onClose={onClose} title={shown ? `Test access to ${bucketLabel(shown)}` : 'Test access'} size={640}>
      {shown && <TestAccess key={shown.id} row={shown} rows={rows} onClose={onClose} />}
    </AppDialog>
  );
}

function TestAccess({ row, rows, onClose }: { row: AccessRow; rows: AccessRow[]; onClose: () => void }) {
  // a member does not see a shared row's Host (Endpoint), so cannot be offered the start of its URLs
  const prefix = row.editable ? objectUrlPrefix(row) : '';
  const [url, setUrl] = useState(prefix);
  const [problem, setProblem] = useState<string | undefined>();
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);
  const caretPlaced = useRef(false);

  useEffect(() => () => abort.current?.abort(), []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const objectUrl = url.trim();
    if (!objectUrl || objectUrl.endsWith('/')) {
      setProblem('Add the path of one object in this bucket, e.g. a debug sample’s file name.');
      return;
    }
    setProblem(undefined);
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setOutcome(undefined);
    try {
      const sign = await signUrlToTest(objectUrl);
      if (controller.signal.aborted) return;
      setOutcome({ step: 'signed', sign });
      if (!('signed_url' in sign)) return;
      const check = await checkObject(sign.signed_url, controller.signal);
      setOutcome({ step: 'signed', sign, check });
    } catch (error) {
      if (controller.signal.aborted) return;
      setOutcome({ step: 'failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      if (!controller.signal.aborted) setRunning(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          Foyer signs the URL of one object with these keys, then this browser loads it, as the web app does for a debug
          sample.
        </Text>
        <TextInput
          label="Object URL"
          description={
            prefix
              ? `An object in this bucket: ${prefix}path/to/sample.png`
              : `The URL of an object in bucket ${row.bucket}, as your code logged it (s3://, gs://, azure:// or http(s)://).`
          }
          value={url}
          spellCheck={false}
          autoComplete="off"
          inputMode="url"
          data-autofocus
          error={problem}
          onFocus={(event) => {
            // the first focus (the dialog opening) puts the caret after the prefilled bucket, ready for the path
            if (caretPlaced.current) return;
            caretPlaced.current = true;
            const input = event.currentTarget;
            input.setSelectionRange(input.value.length, input.value.length);
          }}
          onChange={(event) => setUrl(event.currentTarget.value)}
        />
        <div aria-live="polite">
          {outcome && <TestOutcome outcome={outcome} row={row} rows={rows} />}
        </div>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button type="submit" loading={running}>
            Test
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TestOutcome({ outcome, row, rows }: { outcome: Outcome; row: AccessRow; rows: AccessRow[] }) {
  if (outcome.step === 'failed') {
    return (
      <Alert color="red" variant="light" title="The test could not run">
        {outcome.message}
      </Alert>
    );
  }
  const { sign, check } = outcome;
  if (!('signed_url' in sign)) return <SignFailureAlert reason={sign.reason} error={sign.error} />;
  const otherRow = sign.row !== row.id ? rows.find((candidate) => candidate.id === sign.row) : undefined;
  return (
    <Stack gap="xs">
      <SignedBy rowId={sign.row} rows={rows} expires={sign.expires} />
      {sign.row !== row.id && (
        <Text size="sm">
          Note: this URL was signed with the keys for {otherRow ? bucketLabel(otherRow) : 'another row'}, the first row that
          matches it, not with the row you are testing.
        </Text>
      )}
      {!check && <Text size="sm">Loading the signed URL in this browser…</Text>}
      {check && check.ok && (
        <Alert color="green" variant="light" title="Access works">
          This browser loaded the object: HTTP {check.status}
          {check.contentType ? ` · ${check.contentType}` : ''}
          {check.size !== undefined ? ` · ${formatBytes(check.size)}` : ''}.
        </Alert>
      )}
      {check && !check.ok && <LoadFailureAlert failure={check} />}
    </Stack>
  );
}
