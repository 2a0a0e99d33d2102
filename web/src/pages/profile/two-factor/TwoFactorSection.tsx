import { Badge, Box, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { RECOVERY_CODE_COUNT, type CurrentUser } from '@foyer/contract';
import { LoadStatus } from '../../../ui/LoadStatus';
import { ExactTime } from '../../../ui/TimeWithExact';
import { ProfileSection } from '../ProfileSection';
import { ConfirmTwoFactorDialog, type TwoFactorChange } from './ConfirmTwoFactorDialog';
import { EnableTwoFactorDialog } from './EnableTwoFactorDialog';
import { useTwoFactor } from './two-factor-queries';

/** A second factor for password sign-ins: an authenticator app's code, with recovery codes for a lost phone. */
export function TwoFactorSection({ user }: { user: CurrentUser }) {
  const status = useTwoFactor();
  const [enabling, setEnabling] = useState(false);
  const [changing, setChanging] = useState<TwoFactorChange | undefined>();
  const [outcome, setOutcome] = useState<string | undefined>();
  const on = status.data?.enabled === true;
  const left = status.data?.recovery_codes_left ?? 0;

  return (
    <ProfileSection id="two-factor" title="Two-factor sign-in">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="md">
          <Box maw={620}>
            <Group gap="sm">
              <Title order={3} fz="lg">
                Code from an authenticator app
              </Title>
              {status.data && (
                <Badge variant="light" color={on ? 'blue' : 'gray'}>
                  {on ? 'On' : 'Off'}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed" mt={4}>
              {on ? (
                <>
                  On since {status.data?.enabled_at ? <ExactTime iso={status.data.enabled_at} /> : 'now'}. Signing in with your password also asks for the
                  app&apos;s code. {left} of {RECOVERY_CODE_COUNT} recovery codes left.
                </>
              ) : (
                'With it on, signing in with your password also asks for a code from an app on your phone, so a leaked password alone does not let anyone in. Your key pairs are not affected: the SDK and agents keep working.'
              )}
            </Text>
            {on && left <= 2 && (
              <Text size="sm" c="orange.8" mt={4}>
                Few recovery codes are left: make new ones before you run out.
              </Text>
            )}
          </Box>
          {status.data && (
            <Group gap="sm">
              {on ? (
                <>
                  <Button variant="default" onClick={() => setChanging('renew')}>
                    New recovery codes
                  </Button>
                  <Button variant="light" color="red" onClick={() => setChanging('disable')}>
                    Turn off
                  </Button>
                </>
              ) : (
                <Button onClick={() => setEnabling(true)}>Turn on two-factor sign-in</Button>
              )}
            </Group>
          )}
        </Group>
        {outcome && (
          <Text size="sm" role="status">
            {outcome}
          </Text>
        )}
        <LoadStatus query={status} loadingLabel="Loading two-factor sign-in" errorTitle="Two-factor sign-in could not be loaded" />
      </Stack>
      <EnableTwoFactorDialog
        opened={enabling}
        email={user.email}
        onClose={() => {
          setEnabling(false);
          setOutcome(undefined);
        }}
      />
      <ConfirmTwoFactorDialog
        change={changing}
        email={user.email}
        requiredBy={user.company.requires_two_factor ? user.company.name : undefined}
        onClose={() => setChanging(undefined)} onDisabled={() => setOutcome('Two-factor sign-in is off. Your password alone signs you in.')} />
    </ProfileSection>
  );
}
