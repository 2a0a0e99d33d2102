import { Alert, Box, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getSignInPolicy, setSignInPolicy } from '../../../../api/sso';

/**
 * Single sign-on for the workspace, on a server with sign-in providers: whether it is required of the members (owners
 * turn it on or off; it is saved at once), and who keeps a password to get in if the provider fails.
 */
export function SsoRequirement({ workspaceId }: { workspaceId: string }) {
  const queryClient = useQueryClient();
  const queryKey = ['workspaces.get_sign_in_policy', workspaceId];
  const policy = useQuery({ queryKey, queryFn: () => getSignInPolicy(workspaceId) });
  const change = useMutation({
    mutationFn: (requireSso: boolean) => setSignInPolicy(workspaceId, requireSso),
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
  const data = policy.data;
  if (!data || data.providers.length === 0) return null;
  const names = data.providers.map((provider) => provider.name).join(' or ');
  const owners = data.break_glass.map((owner) => `${owner.name} (${owner.email})`).join(', ');
  const checked = change.isPending && change.variables !== undefined ? change.variables : data.require_sso;
  return (
    <Box component="section" aria-labelledby="sso-requirement-heading">
      <Title order={3} fz="md" id="sso-requirement-heading" mb="xs">
        Single sign-on
      </Title>
      <Switch
        size="sm"
        label={`Require sign-in with ${names}`}
        description={
          data.can.change
            ? `Members’ passwords then no longer sign them in; their key pairs keep working for the SDK and agents.`
            : data.why_not.change
        }
        checked={checked}
        disabled={!data.can.change || change.isPending}
        onChange={(event) => change.mutate(event.currentTarget.checked)}
      />
      {data.require_sso && (
        <Text size="sm" mt="xs">
          Required. The owners keep their password, to get in if {names} fails (break-glass): {owners}.
        </Text>
      )}
      {!data.server_password_sign_in && (
        <Text size="sm" c="dimmed" mt="xs">
          This server takes passwords from its administrators only, whatever this setting says.
        </Text>
      )}
      {change.error && (
        <Alert color="red" variant="light" mt="xs" title="The setting was not changed" role="alert">
          {change.error.message}
        </Alert>
      )}
    </Box>
  );
}
