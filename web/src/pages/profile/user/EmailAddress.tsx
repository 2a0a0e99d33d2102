import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { sendVerificationEmail } from '../../../api/email-addresses';
import type { CurrentUser } from '@foyer/contract';

/**
 * The account's address and whether it is verified: "Not verified" with "Send the link again" on a server that sends
 * mail (once a minute), a new address waiting for its link, or why nothing can be verified here.
 */
export function EmailAddress({ user }: { user: CurrentUser }) {
  const resend = useMutation({ mutationFn: sendVerificationEmail });
  return (
    <Stack gap={6}>
      <Group gap="xs" wrap="wrap">
        <span>{user.email}</span>
        {user.email_verified ? (
          <Badge color="teal.9" variant="filled" radius="sm">
            Verified
          </Badge>
        ) : (
          <Badge color="red.9" variant="filled" radius="sm">
            Not verified
          </Badge>
        )}
      </Group>
      {!user.email_verified && !user.mail_available && (
        <Text size="xs" c="dimmed">
          This server sends no mail, so addresses cannot be verified here. Invitations for one address or domain admit you only if
          whoever made them allowed unverified addresses.
        </Text>
      )}
      {!user.email_verified && user.mail_available && (
        <Group gap="xs" wrap="wrap">
          <Text size="xs" c="dimmed">
            Follow the link we mailed to this address to verify it.
          </Text>
          <Button variant="subtle" size="compact-xs" loading={resend.isPending} onClick={() => resend.mutate()}>
            Send the link again
          </Button>
        </Group>
      )}
      {resend.isSuccess && (
        <Alert color="green" variant="light" title={`A new link is on its way to ${resend.data.sent_to}`} withCloseButton onClose={() => resend.reset()}>
          It works once, for 24 hours; earlier links no longer work.
        </Alert>
      )}
      {resend.error && (
        <Alert color="red" variant="light" title="No link was sent" withCloseButton onClose={() => resend.reset()} role="alert">
          {resend.error.message}
        </Alert>
      )}
      {user.pending_email && (
        <Text size="xs">
          Waiting for you to follow the link sent to <strong>{user.pending_email}</strong>: your address changes then.
        </Text>
      )}
    </Stack>
  );
}
