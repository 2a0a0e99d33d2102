import { ActionIcon, Button, Group, TextInput, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { renameUser } from '../../../api/users';
import { CURRENT_USER_QUERY_KEY } from '../../../session/current-user';
import { PencilIcon } from '../../../ui/icons';
import type { CurrentUser } from '@foyer/contract';

const MAX_NAME_LENGTH = 100;

/** The user's name as the page's heading, editable in place: the pencil opens a field; Enter saves, Escape cancels. */
export function NameEditor({ user }: { user: CurrentUser }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(user.name);
  const [problem, setProblem] = useState<string | undefined>();
  const rename = useMutation({
    mutationFn: (name: string) => renameUser(user.id, name),
    onSuccess: (result, name) => {
      queryClient.setQueryData<CurrentUser>(CURRENT_USER_QUERY_KEY, (current) =>
        current ? { ...current, name: result.fields?.name ?? name } : current,
      );
      setEditing(false);
    },
    onError: (error) => setProblem(error.message),
  });

  function startEditing() {
    setDraft(user.name);
    setProblem(undefined);
    setEditing(true);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = draft.trim().replace(/\s+/g, ' ');
    if (!name) return setProblem('Enter a name.');
    if (name.length > MAX_NAME_LENGTH) return setProblem(`Use at most ${MAX_NAME_LENGTH} characters.`);
    if (name === user.name) return setEditing(false);
    rename.mutate(name);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      setEditing(false);
    }
  }

  if (!editing) {
    return (
      <Group gap={6} wrap="nowrap" align="center">
        <Title order={1} fz={26} lh={1.25} style={{ overflowWrap: 'anywhere' }}>
          {user.name}
        </Title>
        <Tooltip label="Edit name">
          <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Edit name" onClick={startEditing}>
            <PencilIcon size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <VisuallyHidden>
        <Title order={1}>{user.name}</Title>
      </VisuallyHidden>
      <Group gap="xs" align="flex-start" wrap="wrap">
        <TextInput
          label="Name"
          value={draft}
          onChange={(event) => setDraft(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          error={problem}
          maxLength={MAX_NAME_LENGTH + 20}
          autoFocus
          autoComplete="name"
          w={{ base: '100%', xs: 320 }}
        />
        <Group gap="xs" mt={{ base: 0, xs: 25 }}>
          <Button type="submit" loading={rename.isPending}>
            Save
          </Button>
          <Button variant="default" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </Group>
      </Group>
    </form>
  );
}
