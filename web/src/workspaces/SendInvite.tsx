import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isEmailAddress } from '@foyer/contract';
import { isApiError } from '../api/client';
import { sendInvite } from '../api/email-addresses';
import { invalidateWorkspace } from './workspace-queries';

/**
 * "Invite by email": the invitation's link, mailed to an address (a link for one address: to that address, locked).
 * Sent again at most once a minute; the server says so, and how long to wait.
 */
export function SendInviteForm({
  workspaceId,
  inviteId,
  boundEmail,
  domains,
  autoFocus = false,
}: {
  workspaceId: string;
  inviteId: string;
  boundEmail: string | null;
  domains: string[] | null;
  autoFocus?: boolean;
}) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(boundEmail ?? '');
  const [error, setError] = useState<string | undefined>();
  const send = useMutation({
    mutationFn: () => sendInvite(inviteId, boundEmail ? undefined : email.trim()),
    onSuccess: () => void invalidateWorkspace(queryClient, workspaceId),
    onError: (failure) => {
      if (isApiError(failure, 400) && failure.errorData.field === 'email') setError(failure.message.replace(/^Validation error: field "email": /, ''));
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = !email.trim() ? 'Enter the address to send the link to.' : isEmailAddress(email) ? undefined : 'Enter an address such as ada@example.com.';
    setError(problem);
    if (problem) return;
    send.mutate();
  }

  const fieldFailure = send.error && isApiError(send.error, 400) && send.error.errorData.field === 'email';
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Invite by email">
      <Stack gap="xs">
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput
            label="Invite by email"
            description={boundEmail ? 'This link is for this address only.' : domains?.length ? `An address at ${domains.join(', ')}.` : 'We mail the link to this address.'}
            type="email"
            autoComplete="off"
            readOnly={boundEmail !== null}
            data-autofocus={autoFocus || undefined}
            value={email}
            error={error}
            onChange={(event) => {
              setEmail(event.currentTarget.value);
              send.reset();
            }}
            style={{ flex: '1 1 14rem', minWidth: 0 }}
          />
          <Button type="submit" variant="default" loading={send.isPending} mb={error ? 'calc(var(--mantine-font-size-xs) * 1.6)' : 0}>
            {send.isSuccess ? 'Send again' : 'Send'}
          </Button>
        </Group>
        {send.isSuccess && (
          <Text size="sm" role="status">
            Sent to {send.data.sent_to}. The mail holds a link of its own to the same invitation.
          </Text>
        )}
        {send.error && !fieldFailure && (
          <Alert color="red" variant="light" title="The link was not sent" role="alert">
            {send.error.message}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
