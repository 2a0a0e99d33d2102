import { Alert, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { AppDialog } from '../../../../ui/AppDialog';
import { DialogActions } from '../../../../ui/DialogActions';
import { useEditCredentialLabel } from './credentials-queries';
import type { Credential } from '@foyer/contract';

const MAX_LABEL_LENGTH = 100;

export function EditLabelDialog({ credential, onClose }: { credential: Credential | undefined; onClose: () => void }) {
  return (
    <AppDialog opened={credential !== undefined} onClose={onClose} title="Edit label" size="md">
      {credential && <EditLabelForm key={credential.access_key} credential={credential} onDone={onClose} />}
    </AppDialog>
  );
}

function EditLabelForm({ credential, onDone }: { credential: Credential; onDone: () => void }) {
  const [label, setLabel] = useState(credential.label ?? '');
  const edit = useEditCredentialLabel();
  const tooLong = label.trim().length > MAX_LABEL_LENGTH;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (tooLong) return;
    edit.mutate({ accessKey: credential.access_key, label: label.trim() }, { onSuccess: onDone });
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Label"
          description={`For access key ${credential.access_key}. Leave empty to remove the label.`}
          value={label}
          data-autofocus
          error={tooLong ? `Use at most ${MAX_LABEL_LENGTH} characters.` : undefined}
          onChange={(event) => setLabel(event.currentTarget.value)}
        />
        {edit.error && <Alert color="red" variant="light" title={edit.error.message} />}
        <DialogActions onCancel={onDone} confirmLabel="Save label" loading={edit.isPending} />
      </Stack>
    </form>
  );
}
