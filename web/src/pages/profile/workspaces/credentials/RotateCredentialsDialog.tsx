import { Alert, Box, Button, Code, Group, Select, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { AppDialog } from '../../../../ui/AppDialog';
import { DialogActions } from '../../../../ui/DialogActions';
import { ExactTime } from '../../../../ui/TimeWithExact';
import { useLastDefined } from '../../../../ui/use-last-defined';
import { NewCredentialDetails, SecretCopiedCheck } from './CreateCredentialsDialog';
import { useRotateCredentials } from './credentials-queries';
import { DEFAULT_OVERLAP, OVERLAP_OPTIONS } from './rotation';
import type { Credential, NewCredential } from '@foyer/contract';

type Step = 'choose' | 'rotated' | 'confirm-close';
type Rotated = NewCredential & { old_secret_until?: string };

/**
 * Giving a key pair a new secret: how long the old one keeps working first, then the new secret shown once, as at
 * creation. The access key stays, so only the secret changes wherever the key pair is configured.
 */
export function RotateCredentialsDialog({ credential, onClose }: { credential: Credential | undefined; onClose: () => void }) {
  const shown = useLastDefined(credential);
  const [step, setStep] = useState<Step>('choose');
  const [overlap, setOverlap] = useState(DEFAULT_OVERLAP);
  const [rotated, setRotated] = useState<Rotated | undefined>();
  const [copied, setCopied] = useState(false);
  const rotate = useRotateCredentials();
  const secretCopyButton = useRef<HTMLButtonElement>(null);
  const confirmCloseButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (step === 'rotated') secretCopyButton.current?.focus();
    if (step === 'confirm-close') confirmCloseButton.current?.focus();
  }, [step]);

  function forgetAndClose() {
    setStep('choose');
    setOverlap(DEFAULT_OVERLAP);
    setRotated(undefined);
    setCopied(false);
    rotate.reset();
    onClose();
  }

  function requestClose() {
    if (step === 'choose') forgetAndClose();
    else setStep('confirm-close');
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!shown) return;
    rotate.mutate(
      { accessKey: shown.access_key, overlapSec: Number(overlap) },
      {
        onSuccess: (result) => {
          setRotated(result);
          setStep('rotated');
        },
      },
    );
  }

  const name = shown?.label ? `“${shown.label}”` : 'this key pair';
  const title = step === 'choose' ? 'Give a new secret' : step === 'rotated' ? 'The new secret' : 'Did you copy the secret key?';

  return (
    <AppDialog opened={credential !== undefined} onClose={requestClose} title={title} size={step === 'choose' ? 'md' : 820} closeOnClickOutside={step === 'choose'}>
      {step === 'choose' && shown && (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="md">
            <Text size="sm">
              {shown.label ? <strong>{name}</strong> : 'The key pair'} keeps its access key <Code>{shown.access_key}</Code> and gets a new secret
              key. For the overlap you choose, the old secret works too, so agents and pipelines keep running while you
              give them the new one; the Credentials table shows which of them still use the old secret.
            </Text>
            <Select
              label="Overlap"
              description="How long the old secret keeps working. Sessions it opens end with it."
              data={OVERLAP_OPTIONS}
              value={overlap}
              allowDeselect={false}
              data-autofocus
              onChange={(value) => setOverlap(value ?? DEFAULT_OVERLAP)}
              comboboxProps={{ withinPortal: true }}
            />
            {overlap === '0' && (
              <Alert color="orange" variant="light" title="Everything that uses the old secret stops at once">
                Scripts, notebooks and agents with the old secret fail until they have the new one. Choose an overlap to
                switch them over first.
              </Alert>
            )}
            {rotate.error && (
              <Alert color="red" variant="light" title="The key pair has no new secret">
                {rotate.error.message}
              </Alert>
            )}
            <DialogActions onCancel={forgetAndClose} confirmLabel="Give a new secret" loading={rotate.isPending} />
          </Stack>
        </form>
      )}
      {step !== 'choose' && rotated && (
        <Box display={step === 'rotated' ? undefined : 'none'}>
          <NewCredentialDetails credential={rotated} onCopied={() => setCopied(true)} secretCopyButton={secretCopyButton} />
          <Text size="sm" mt="md">
            {rotated.old_secret_until ? (
              <>
                The old secret works until <ExactTime iso={rotated.old_secret_until} />. Put the new one everywhere the key
                pair is used; once nothing uses the old secret any more, end the overlap from the Credentials table.
              </>
            ) : (
              'The old secret has stopped working, and the sessions it opened have ended.'
            )}
          </Text>
          <Group justify="flex-end" mt="lg">
            <Button onClick={() => setStep('confirm-close')}>Done</Button>
          </Group>
        </Box>
      )}
      {step === 'confirm-close' && (
        <SecretCopiedCheck
          copied={copied}
          ifLost={rotated?.old_secret_until ? 'If the new secret is lost, roll the rotation back from the Credentials table while the overlap lasts, then rotate again.' : 'If the new secret is lost, give the key pair another one.'}
          onBack={() => setStep('rotated')}
          onClose={forgetAndClose}
          confirmRef={confirmCloseButton}
        />
      )}
    </AppDialog>
  );
}
