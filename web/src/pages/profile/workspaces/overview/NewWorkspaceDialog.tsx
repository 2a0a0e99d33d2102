import { Alert, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { createWorkspace, switchWorkspace } from '../../../../api/workspaces';
import { showNotice } from '../../../../session/notice';
import { AppDialog } from '../../../../ui/AppDialog';
import { DialogActions } from '../../../../ui/DialogActions';
import { reloadEverything } from '../../../../workspaces/workspace-queries';

const MAX_NAME_LENGTH = 100;

/** multi mode: a new workspace, with you as its owner; you continue in it. */
export function NewWorkspaceDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const create = useMutation({
    mutationFn: async (chosen: string) => {
      const workspace = await createWorkspace(chosen);
      await switchWorkspace(workspace.id);
      return workspace;
    },
    onSuccess: async (workspace) => {
      showNotice(`You created ${workspace.name}, and you are now in it.`, 'Invite your teammates under Workspaces > Members.');
      close();
      await reloadEverything(queryClient);
    },
  });

  function close() {
    setName('');
    setProblem(undefined);
    create.reset();
    onClose();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = name.trim().replace(/\s+/g, ' ');
    if (!chosen) return setProblem('Enter a name.');
    if (chosen.length > MAX_NAME_LENGTH) return setProblem(`Use at most ${MAX_NAME_LENGTH} characters.`);
    setProblem(undefined);
    create.mutate(chosen);
  }

  return (
    <AppDialog opened={opened} onClose={close} title="New workspace" size="md">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm">You become its owner. Credentials belong to one workspace, so you will create new ones there.</Text>
          <TextInput
            label="Name"
            description="Like the team or project, such as “Vision research”."
            value={name}
            data-autofocus
            required
            error={problem}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          {create.error && <Alert color="red" variant="light" title={create.error.message} />}
          <DialogActions onCancel={close} confirmLabel="Create and switch to it" loading={create.isPending} />
        </Stack>
      </form>
    </AppDialog>
  );
}
