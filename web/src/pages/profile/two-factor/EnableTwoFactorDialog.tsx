import { Alert, Button, Group, Image, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { TwoFactorEnrolment } from '@foyer/contract';
import { beginTwoFactor, enableTwoFactor } from '../../../api/two-factor';
import { AppDialog } from '../../../ui/AppDialog';
import { CopyTextButton } from '../../../ui/CopyTextButton';
import { DialogActions } from '../../../ui/DialogActions';
import { OneTimeCodeField } from '../../../ui/fields/OneTimeCodeField';
import { PasswordField } from '../../../ui/fields/PasswordField';
import { CURRENT_USER_QUERY_KEY } from '../../../session/current-user';
import { SECURITY_LOG_QUERY_KEY } from '../audit-log/audit-queries';
import { RecoveryCodes } from './RecoveryCodes';
import classes from './TwoFactor.module.css';
import { refusedField, TWO_FACTOR_QUERY_KEY } from './two-factor-queries';

type Step = { step: 'password' } | { step: 'scan'; enrolment: TwoFactorEnrolment } | { step: 'codes'; codes: string[] };

/** Turning two-factor on: the password again, then scan the QR code and type the app's code, then save the recovery codes. */
export function EnableTwoFactorDialog({ opened, email, onClose }: { opened: boolean; email: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ step: 'password' });
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  function close() {
    // only once the codes are saved: a workspace that required it opens then, and the page behind the dialog changes
    if (step.step === 'codes') {
      void queryClient.invalidateQueries({ queryKey: SECURITY_LOG_QUERY_KEY });
      void queryClient.invalidateQueries({ queryKey: CURRENT_USER_QUERY_KEY });
    }
    setStep({ step: 'password' });
    setPassword('');
    setCode('');
    setFieldError(undefined);
    setProblem(undefined);
    onClose();
  }

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setFieldError(undefined);
    setProblem(undefined);
    try {
      await action();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (refusedField(error)) setFieldError(message);
      else setProblem(message);
    } finally {
      setBusy(false);
    }
  }

  function onPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!password) return setFieldError('Enter your password.');
    void run(async () => {
      setStep({ step: 'scan', enrolment: await beginTwoFactor(password) });
      setPassword('');
    });
  }

  function onCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!code.trim()) return setFieldError('Enter the six-digit code the app shows.');
    void run(async () => {
      const codes = await enableTwoFactor(code.trim());
      setCode('');
      setStep({ step: 'codes', codes });
      await queryClient.invalidateQueries({ queryKey: TWO_FACTOR_QUERY_KEY });
    });
  }

  return (
    <AppDialog opened={opened} onClose={close} title={step.step === 'codes' ? 'Two-factor sign-in is on' : 'Turn on two-factor sign-in'} size="md">
      {step.step === 'password' && (
        <form onSubmit={onPassword} noValidate>
          <Stack gap="md">
            <Text size="sm">Confirm it is you: type your password. Then you add Foyer to an authenticator app on your phone.</Text>
            <PasswordField purpose="current" dialogFocus value={password} error={fieldError} onChange={setPassword} />
            {problem && <Alert color="red" variant="light" title={problem} />}
            <DialogActions onCancel={close} confirmLabel="Continue" loading={busy} />
          </Stack>
        </form>
      )}
      {step.step === 'scan' && (
        <form onSubmit={onCode} noValidate>
          <Stack gap="md">
            <Text size="sm">
              Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, Authy,
              …), then type the code it shows.
            </Text>
            <Group justify="center">
              <Image src={step.enrolment.qr_code} alt={`QR code that adds Foyer (${email}) to an authenticator app`} className={classes.qr} />
            </Group>
            <Stack gap={4}>
              <Text size="sm">Cannot scan it? Type this key in the app instead:</Text>
              <Group gap="sm" wrap="nowrap" align="center">
                <Text ff="monospace" size="sm" className={classes.secret}>
                  {step.enrolment.secret.match(/.{1,4}/g)?.join(' ')}
                </Text>
                <CopyTextButton text={step.enrolment.secret} label="Copy" accessibleLabel="Copy the key" className={classes.copy} />
              </Group>
            </Stack>
            <OneTimeCodeField purpose="enrol" dialogFocus value={code} error={fieldError} onChange={setCode} />
            {problem && <Alert color="red" variant="light" title={problem} />}
            <DialogActions onCancel={close} confirmLabel="Turn on" loading={busy} />
          </Stack>
        </form>
      )}
      {step.step === 'codes' && (
        <Stack gap="md">
          <Text size="sm">From now on, signing in with your password also asks for the app&apos;s code. Your key pairs work as before.</Text>
          <RecoveryCodes codes={step.codes} email={email} />
          <Group justify="flex-end">
            <Button onClick={close} data-autofocus>
              I saved them
            </Button>
          </Group>
        </Stack>
      )}
    </AppDialog>
  );
}
