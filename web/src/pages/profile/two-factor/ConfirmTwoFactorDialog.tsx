import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { disableTwoFactor, renewRecoveryCodes } from '../../../api/two-factor';
import { AppDialog } from '../../../ui/AppDialog';
import { DialogActions } from '../../../ui/DialogActions';
import { OneTimeCodeField } from '../../../ui/fields/OneTimeCodeField';
import { PasswordField } from '../../../ui/fields/PasswordField';
import { CURRENT_USER_QUERY_KEY } from '../../../session/current-user';
import { SECURITY_LOG_QUERY_KEY } from '../audit-log/audit-queries';
import { RecoveryCodes } from './RecoveryCodes';
import { refusedField, TWO_FACTOR_QUERY_KEY } from './two-factor-queries';

export type TwoFactorChange = 'disable' | 'renew';

interface Props {
  change: TwoFactorChange | undefined;
  email: string;
  /** the workspace the session is in, when it requires two-factor sign-in (turning it off then shuts the person out) */
  requiredBy: string | undefined;
  onClose: () => void;
  onDisabled: () => void;
}

/** Turning two-factor off, or new recovery codes: the password and a code, then (for new codes) the codes once. */
export function ConfirmTwoFactorDialog({ change, email, requiredBy, onClose, onDisabled }: Props) {
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ password?: string; code?: string }>({});
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[] | undefined>();

  function close() {
    setPassword('');
    setCode('');
    setErrors({});
    setProblem(undefined);
    setCodes(undefined);
    onClose();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = { password: password ? undefined : 'Enter your password.', code: code.trim() ? undefined : 'Enter the code from your app, or a recovery code.' };
    setErrors(found);
    setProblem(undefined);
    if (found.password || found.code) return;
    setBusy(true);
    try {
      if (change === 'disable') {
        await disableTwoFactor(password, code.trim());
        close();
        onDisabled();
        // a workspace that requires it now keeps the person to their account: the page shows that
        void queryClient.invalidateQueries({ queryKey: CURRENT_USER_QUERY_KEY });
      } else {
        setCodes(await renewRecoveryCodes(password, code.trim()));
        setPassword('');
        setCode('');
      }
      await Promise.all([queryClient.invalidateQueries({ queryKey: TWO_FACTOR_QUERY_KEY }), queryClient.invalidateQueries({ queryKey: SECURITY_LOG_QUERY_KEY })]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const field = refusedField(error);
      if (field) setErrors({ [field]: message });
      else setProblem(message);
    } finally {
      setBusy(false);
    }
  }

  const title = codes ? 'New recovery codes' : change === 'disable' ? 'Turn off two-factor sign-in?' : 'Make new recovery codes?';
  return (
    <AppDialog opened={change !== undefined} onClose={close} title={title} size="md">
      {codes ? (
        <Stack gap="md">
          <Text size="sm">The old recovery codes no longer work.</Text>
          <RecoveryCodes codes={codes} email={email} />
          <Group justify="flex-end">
            <Button onClick={close} data-autofocus>
              I saved them
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="md">
            <Text size="sm">
              {change === 'disable'
                ? 'Your password alone will sign you in again, and your recovery codes stop working.'
                : 'Ten new codes replace the ones you have; the old ones stop working at once.'}
            </Text>
            {change === 'disable' && requiredBy && (
              <Alert color="orange" variant="light" title={`${requiredBy} requires two-factor sign-in`}>
                With it off, you keep only your account there, and your key pairs are refused, until you turn it on again.
              </Alert>
            )}
            <PasswordField purpose="current" dialogFocus value={password} error={errors.password} onChange={setPassword} />
            <OneTimeCodeField purpose="confirm" value={code} error={errors.code} onChange={setCode} />
            {problem && <Alert color="red" variant="light" title={problem} />}
            <DialogActions onCancel={close} confirmLabel={change === 'disable' ? 'Turn off' : 'Make new codes'} danger={change === 'disable'} loading={busy} />
          </Stack>
        </form>
      )}
    </AppDialog>
  );
}
