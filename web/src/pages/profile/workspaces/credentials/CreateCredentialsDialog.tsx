import { Alert, Box, Button, Group, Select, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent, type Ref } from 'react';
import { AppDialog } from '../../../../ui/AppDialog';
import { DialogActions } from '../../../../ui/DialogActions';
import { TOO_MANY_CREDENTIALS_SUBCODE } from '../../../../api/auth';
import { isApiError } from '../../../../api/client';
import { useServerInfo } from '../../../../session/server-info';
import { CopyTextButton } from '../../../../ui/CopyTextButton';
import { clearmlInitBlock, jupyterEnvLines, type ClientConfiguration } from './client-configuration';
import classes from './Credentials.module.css';
import { useCreateCredentials, useCredentials } from './credentials-queries';
import { defaultExpiry, expiresAtFor, expiryOptions, latestExpiryDay, localDay, type ExpiryChoice } from './key-expiry';
import { ExactTime } from '../../../../ui/TimeWithExact';
import type { NewCredential } from '@foyer/contract';

const MAX_LABEL_LENGTH = 100;

type Step = 'label' | 'created' | 'confirm-close';

/**
 * Creating credentials: an optional label first, then the key pair shown once, ready for `clearml-init` or a
 * notebook. The secret lives only in this dialog's state; closing asks whether it was copied, then forgets it.
 */
export function CreateCredentialsDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [step, setStep] = useState<Step>('label');
  const [label, setLabel] = useState('');
  const maxLifetimeDays = useCredentials().data?.max_key_lifetime_days ?? null;
  const [expiry, setExpiry] = useState<ExpiryChoice | undefined>();
  const [expiryDay, setExpiryDay] = useState('');
  const [expiryProblem, setExpiryProblem] = useState<string | undefined>();
  const [created, setCreated] = useState<NewCredential | undefined>();
  const [copied, setCopied] = useState(false);
  const create = useCreateCredentials();
  const secretCopyButton = useRef<HTMLButtonElement>(null);
  const confirmCloseButton = useRef<HTMLButtonElement>(null);

  // Each step's content replaces the last, taking the focused control with it: focus the step's own first action,
  // so that focus never falls to the page behind. The key pair: its secret's Copy button (Enter copies it). The
  // confirmation: its answer (Enter closes), since Done already said the secret is saved.
  useEffect(() => {
    if (step === 'created') secretCopyButton.current?.focus();
    if (step === 'confirm-close') confirmCloseButton.current?.focus();
  }, [step]);

  function forgetAndClose() {
    setStep('label');
    setLabel('');
    setExpiry(undefined);
    setExpiryDay('');
    setExpiryProblem(undefined);
    setCreated(undefined);
    setCopied(false);
    create.reset();
    onClose();
  }

  function requestClose() {
    if (step === 'label') forgetAndClose();
    else setStep('confirm-close');
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (label.trim().length > MAX_LABEL_LENGTH) return;
    const chosenLabel = label.trim();
    const expires = expiresAtFor(expiry ?? defaultExpiry(maxLifetimeDays), expiryDay, Date.now(), maxLifetimeDays);
    setExpiryProblem('problem' in expires ? expires.problem : undefined);
    if ('problem' in expires) return;
    create.mutate({ label: chosenLabel, expiresAt: expires.expiresAt }, {
      onSuccess: (credential) => {
        setCreated({ ...credential, label: credential.label ?? (chosenLabel || null) });
        setStep('created');
      },
    });
  }

  const title = step === 'label' ? 'Create new credentials' : step === 'created' ? 'Your new credentials' : 'Did you copy the secret key?';

  return (
    <AppDialog
      opened={opened}
      onClose={requestClose}
      title={title}
      size={step === 'label' ? 'md' : 820}
      closeOnClickOutside={step === 'label'}
    >
      {step === 'label' && (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="md">
            <TextInput
              label="Label (optional)"
              description="A reminder of where these credentials are used, like “laptop” or “gpu-agent-3”."
              value={label}
              data-autofocus
              error={label.trim().length > MAX_LABEL_LENGTH ? `Use at most ${MAX_LABEL_LENGTH} characters.` : undefined}
              onChange={(event) => setLabel(event.currentTarget.value)}
            />
            <Select
              label="Expires"
              description={
                maxLifetimeDays === null
                  ? 'After this, the key pair signs in no more. A week before, the Profile page says so.'
                  : `Key pairs in this workspace expire within ${maxLifetimeDays} days. A week before, the Profile page says so.`
              }
              data={expiryOptions(maxLifetimeDays)}
              value={expiry ?? defaultExpiry(maxLifetimeDays)}
              allowDeselect={false}
              onChange={(value) => {
                setExpiry((value as ExpiryChoice | null) ?? undefined);
                setExpiryProblem(undefined);
              }}
              comboboxProps={{ withinPortal: true }}
            />
            {expiry === 'date' && (
              <TextInput
                type="date"
                label="Expires on"
                description="It stops working at the end of that day."
                value={expiryDay}
                min={localDay(new Date(Date.now() + 24 * 3600_000))}
                max={latestExpiryDay(maxLifetimeDays, Date.now())}
                error={expiryProblem}
                onChange={(event) => {
                  setExpiryDay(event.currentTarget.value);
                  setExpiryProblem(undefined);
                }}
              />
            )}
            {create.error && (
              <Alert color="red" variant="light" title="The credentials were not created">
                {isApiError(create.error, 400, TOO_MANY_CREDENTIALS_SUBCODE)
                  ? 'You hold the maximum number of credentials. Revoke one you no longer use, then create new ones.'
                  : create.error.message}
              </Alert>
            )}
            <DialogActions onCancel={forgetAndClose} confirmLabel="Create credentials" loading={create.isPending} />
          </Stack>
        </form>
      )}
      {step !== 'label' && created && (
        <Box display={step === 'created' ? undefined : 'none'}>
          <NewCredentialDetails credential={created} onCopied={() => setCopied(true)} secretCopyButton={secretCopyButton} />
          <Text size="sm" mt="md">
            {created.expires ? (
              <>
                It expires on <ExactTime iso={created.expires} />: after that it signs in no more.
              </>
            ) : (
              'It does not expire: revoke it when it is no longer needed.'
            )}
          </Text>
          <Group justify="flex-end" mt="lg">
            <Button onClick={() => setStep('confirm-close')}>Done</Button>
          </Group>
        </Box>
      )}
      {step === 'confirm-close' && (
        <SecretCopiedCheck copied={copied} ifLost="If the secret is lost, revoke these credentials and create new ones." onBack={() => setStep('created')} onClose={forgetAndClose} confirmRef={confirmCloseButton} />
      )}
    </AppDialog>
  );
}

/** Before a dialog that showed a secret closes: it will never be shown again. */
export function SecretCopiedCheck({
  copied,
  ifLost,
  onBack,
  onClose,
  confirmRef,
}: {
  copied: boolean;
  /** what to do if the secret is lost after all */
  ifLost: string;
  onBack: () => void;
  onClose: () => void;
  confirmRef: Ref<HTMLButtonElement>;
}) {
  return (
    <Stack gap="md">
      <Text>
        After this dialog closes, nobody can see the secret key again, not even an administrator: Foyer keeps only a
        hash of it.{' '}
        {copied ? 'You copied it from this dialog; make sure it is saved somewhere safe.' : 'You have not copied it from this dialog yet.'}
      </Text>
      <Text size="sm" c="dimmed">
        {ifLost}
      </Text>
      <DialogActions onCancel={onBack} cancelLabel="Back to the secret" confirmLabel="I copied it, close" onConfirm={onClose} confirmRef={confirmRef} />
    </Stack>
  );
}

/** The two ways to hand the new key pair to a client, one tab each. */
const CONFIGURATION_FORMS: Array<{ value: string; tab: string; instructions: string; text: (configuration: ClientConfiguration) => string; copyLabel: string }> = [
  {
    value: 'clearml-init',
    tab: 'clearml-init',
    instructions: 'Run clearml-init and paste this when it asks for your credentials, or put it in your clearml.conf.',
    text: clearmlInitBlock,
    copyLabel: 'Copy the clearml-init configuration',
  },
  {
    value: 'jupyter',
    tab: 'Jupyter notebook',
    instructions: 'Run these lines in a notebook cell before importing clearml.',
    text: jupyterEnvLines,
    copyLabel: 'Copy the Jupyter lines',
  },
];

/** A key pair just made or given a new secret: both keys to copy, and the configuration for clearml-init or a notebook. */
export function NewCredentialDetails({
  credential,
  onCopied,
  secretCopyButton,
}: {
  credential: NewCredential;
  onCopied: () => void;
  secretCopyButton: Ref<HTMLButtonElement>;
}) {
  const info = useServerInfo();
  const configuration = info.data
    ? { accessKey: credential.access_key, secretKey: credential.secret_key, label: credential.label, urls: info.data.urls }
    : undefined;

  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" py="xs" title="Copy the secret key now: it is shown only this once." />
      <KeyField label="Access key" value={credential.access_key} onCopied={onCopied} />
      <KeyField label="Secret key" value={credential.secret_key} onCopied={onCopied} copyButton={secretCopyButton} />
      {info.error && (
        <Alert color="red" variant="light" title="The server's addresses could not be loaded">
          {info.error.message}
        </Alert>
      )}
      {configuration && (
        <Tabs defaultValue="clearml-init" keepMounted={false}>
          <Tabs.List>
            {CONFIGURATION_FORMS.map((form) => (
              <Tabs.Tab key={form.value} value={form.value}>
                {form.tab}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {CONFIGURATION_FORMS.map((form) => (
            <Tabs.Panel key={form.value} value={form.value} pt="md">
              <ConfigurationBlock instructions={form.instructions} text={form.text(configuration)} copyLabel={form.copyLabel} onCopied={onCopied} />
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
    </Stack>
  );
}

function KeyField({
  label,
  value,
  onCopied,
  copyButton,
}: {
  label: string;
  value: string;
  onCopied: () => void;
  copyButton?: Ref<HTMLButtonElement>;
}) {
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput
        label={label}
        value={value}
        readOnly
        className={classes.keyField}
        classNames={{ input: classes.monospace }}
        onFocus={(event) => event.currentTarget.select()}
      />
      <CopyTextButton
        text={value}
        label="Copy"
        accessibleLabel={`Copy the ${label.toLowerCase()}`}
        size="sm"
        style={{ flex: 'none' }}
        onCopied={onCopied}
        ref={copyButton}
      />
    </Group>
  );
}

function ConfigurationBlock({
  instructions,
  text,
  copyLabel,
  onCopied,
}: {
  instructions: string;
  text: string;
  copyLabel: string;
  onCopied: () => void;
}) {
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Text size="sm">{instructions}</Text>
        <CopyTextButton text={text} label="Copy" accessibleLabel={copyLabel} size="sm" onCopied={onCopied} style={{ flex: "none" }} />
      </Group>
      <pre className={classes.code} tabIndex={0} aria-label={copyLabel.replace(/^Copy the /, 'The ')}>
        {text}
      </pre>
    </Stack>
  );
}
