import { Alert, Button, Stack, Text } from '@mantine/core';
import { ssoProblemOf } from './sso-problems';

/** Why a sign-in with a provider did not go through, what to do, and the way back to the sign-in page. */
export function SsoProblem({ reason, serverMessage }: { reason: unknown; serverMessage?: string | undefined }) {
  const words = ssoProblemOf(reason);
  return (
    <Stack gap="md">
      <Alert color="orange" variant="light" title={words.title} role="alert">
        {words.showServerMessage && serverMessage && <Text size="sm" mb="xs">{serverMessage}</Text>}
        <Text size="sm">{words.advice}</Text>
      </Alert>
      <Button component="a" href="/login" fullWidth variant="light">
        Back to sign-in
      </Button>
    </Stack>
  );
}
