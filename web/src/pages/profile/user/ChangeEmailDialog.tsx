import { Alert, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isEmailAddress, normalizeEmail, type CurrentUser, type ResultOf } from '@foyer/contract';
import { isApiError } from '../../../api/client';
import { changeEmail } from '../../../api/email-addresses';
import { CURRENT_USER_QUERY_KEY } from '../../../session/current-user';
import { AppDialog } from '../../../ui/AppDialog';
import { DialogActions } from '../../../ui/DialogActions';
import { PasswordField } from '../../../ui/fields/PasswordField';

interface FieldErrors {
  email?: string;
  password?: string;
}

/**
 * A new address, with the password. On a server that sends mail the new address gets a link and the address changes
 * when it is followed; otherwise it changes at once, unverified.
 */
export function ChangeEmailDialog({
  user,
  opened,
  onClose,
  onChanged,
}: {
  user: CurrentUser;
  opened: boolean;
  onClose: () => void;
  onChanged: (result: ResultOf<'users.change_email'>) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: () => changeEmail(email.trim(), password),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: CURRENT_USER_QUERY_KEY });
      close();
      onChanged(result);
    },
    onError: (error) => {
      const field = isApiError(error, 400) ? error.errorData.field : undefined;
      if (field === 'password') setErrors({ password: error.message });
      else if (field === 'email') setErrors({ email: error.message.replace(/^Validation error: field "email": /, 'This ') });
    },
  });

  function close() {
    setEmail('');
    setPassword('');
    setErrors({});
    change.reset();
    onClose();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: FieldErrors = {
      email: !email.trim()
        ? 'Enter the new address.'
        : !isEmailAddress(email)
          ? 'Enter an address such as name@example.com.'
          : normalizeEmail(email) === user.email
            ? 'This is already your address.'
            : undefined,
      password: password ? undefined : 'Enter your password.',
    };
    setErrors(found);
    if (found.email || found.password) return;
    change.mutate();
  }

  const fieldError = change.error && isApiError(change.error, 400) && typeof change.error.errorData.field === 'string';
  return (
    <AppDialog opened={opened} onClose={close} title="Change email address" size="md">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            Your address is <strong>{user.email}</strong>.{' '}
            {user.mail_available
              ? 'We mail a link to the new address and a notice to this one; the address changes when you follow the link.'
              : 'This server sends no mail: the address changes at once, and stays not verified.'}
          </Text>
          <TextInput
            label="New email address"
            type="email"
            name="new-email"
            autoComplete="email"
            required
            data-autofocus
            value={email}
            error={errors.email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <PasswordField purpose="current" label="Your password" value={password} error={errors.password} onChange={setPassword} />
          {change.error && !fieldError && (
            <Alert color="red" variant="light" title="The address was not changed" role="alert">
              {change.error.message}
            </Alert>
          )}
          <DialogActions onCancel={close} confirmLabel={user.mail_available ? 'Send the link' : 'Change address'} loading={change.isPending} />
        </Stack>
      </form>
    </AppDialog>
  );
}
