import { Alert, Button, Group, PasswordInput, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { AppDialog } from '../../../ui/AppDialog';
import { changePassword, MIN_PASSWORD_LENGTH } from '../../../api/users';

interface FieldErrors {
  current?: string;
  next?: string;
  repeat?: string;
}

/** Change password with the current one. The server signs out every other session; this one stays signed in. */
export function ChangePasswordDialog({ opened, onClose, onChanged }: { opened: boolean; onClose: () => void; onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const change = useMutation({
    mutationFn: () => changePassword(current, next),
    onSuccess: () => {
      close();
      onChanged();
    },
  });

  function close() {
    setCurrent('');
    setNext('');
    setRepeat('');
    setErrors({});
    change.reset();
    onClose();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: FieldErrors = {
      current: current ? undefined : 'Enter your current password.',
      next:
        next.length < MIN_PASSWORD_LENGTH
          ? `Use at least ${MIN_PASSWORD_LENGTH} characters.`
          : next === current
            ? 'Choose a password different from the current one.'
            : undefined,
      repeat: repeat === next ? undefined : 'The two new passwords differ.',
    };
    setErrors(found);
    if (found.current || found.next || found.repeat) return;
    change.mutate();
  }

  return (
    <AppDialog opened={opened} onClose={close} title="Change password" size="md">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            data-autofocus
            value={current}
            error={errors.current}
            onChange={(event) => setCurrent(event.currentTarget.value)}
          />
          <PasswordInput
            label="New password"
            description={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            autoComplete="new-password"
            required
            value={next}
            error={errors.next}
            onChange={(event) => setNext(event.currentTarget.value)}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            required
            value={repeat}
            error={errors.repeat}
            onChange={(event) => setRepeat(event.currentTarget.value)}
          />
          {change.error && <Alert color="red" variant="light" title={change.error.message} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </AppDialog>
  );
}
