import { Alert, Checkbox, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { changePassword } from '../../../api/users';
import { AppDialog } from '../../../ui/AppDialog';
import { DialogActions } from '../../../ui/DialogActions';
import { newPasswordProblem } from '../../../ui/fields/messages';
import { PasswordField } from '../../../ui/fields/PasswordField';
import { SESSIONS_QUERY_KEY } from '../sessions/sessions-queries';

interface FieldErrors {
  current?: string;
  next?: string;
  repeat?: string;
}

/** Change password with the current one. The other sessions are signed out unless the person unticks it; this one stays signed in. */
export function ChangePasswordDialog({ opened, onClose, onChanged }: { opened: boolean; onClose: () => void; onChanged: (otherSessionsSignedOut: number) => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [endOthers, setEndOthers] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: () => changePassword(current, next, endOthers),
    onSuccess: async (result) => {
      if (result.other_sessions_signed_out > 0) await queryClient.invalidateQueries({ queryKey: SESSIONS_QUERY_KEY });
      close();
      onChanged(result.other_sessions_signed_out);
    },
  });

  function close() {
    setCurrent('');
    setNext('');
    setRepeat('');
    setEndOthers(true);
    setErrors({});
    change.reset();
    onClose();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: FieldErrors = {
      current: current ? undefined : 'Enter your current password.',
      next: newPasswordProblem(next) ?? (next === current ? 'Choose a password different from the current one.' : undefined),
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
          <PasswordField purpose="current" label="Current password" dialogFocus value={current} error={errors.current} onChange={setCurrent} />
          <PasswordField purpose="new" label="New password" value={next} error={errors.next} onChange={setNext} />
          <PasswordField purpose="repeat" label="Repeat the new password" value={repeat} error={errors.repeat} onChange={setRepeat} />
          <Checkbox
            label="Sign out my other sessions"
            description="Every other browser and program signed in as you, in every workspace, signs in again. Keep this on if someone else may know the current password."
            checked={endOthers}
            onChange={(event) => setEndOthers(event.currentTarget.checked)}
          />
          {change.error && <Alert color="red" variant="light" title={change.error.message} />}
          <DialogActions onCancel={close} confirmLabel="Change password" loading={change.isPending} />
        </Stack>
      </form>
    </AppDialog>
  );
}
