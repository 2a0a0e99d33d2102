import {
  Alert,
  Box,
  Button,
  Checkbox,
  FileButton,
  Group,
  NativeSelect,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { DUPLICATE_ROW_SUBCODE } from '../../../api/storage-access';
import classes from './CloudAccess.module.css';
import { isMixedContent, maskedSecret, MIXED_CONTENT_WARNING, PROVIDER_LABELS } from './describe';
import {
  createRequest,
  emptyForm,
  fieldsFor,
  formFieldOf,
  formFromRow,
  inferFromBucketText,
  isNoChange,
  missingFields,
  providerOfEndpoint,
  readServiceAccount,
  updateRequest,
  type AddressingChoice,
  type FormField,
  type GcsAuth,
  type RowForm,
} from './form-model';
import { DialogActions } from '../../../ui/DialogActions';
import { UploadIcon, WarningIcon } from '../../../ui/icons';
import { useSaveAccessRow } from './storage-access-queries';
import type { AccessRow, StorageProvider, StorageScope } from '@foyer/contract';

interface AccessRowFormProps {
  /** the row being edited; none to add a new one */
  row?: AccessRow;
  canAddWorkspaceRows: boolean;
  workspaceName: string;
  onSaved: (row: AccessRow) => void;
  onCancel: () => void;
}

const PROVIDERS = (Object.entries(PROVIDER_LABELS) as Array<[StorageProvider, string]>).map(([value, label]) => ({ value, label }));

const ADDRESSING: Array<{ value: AddressingChoice; label: string }> = [
  { value: 'default', label: 'Default' },
  { value: 'path', label: 'Path style (host/bucket/key)' },
  { value: 'virtual', label: 'Virtual-hosted (bucket.host/key)' },
];

/** "Validation error: field "endpoint": write the scheme…" → "Write the scheme…" */
function fieldMessage(message: string): string {
  const text = message.replace(/^Validation error: field "[^"]+": /, '');
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}

const MAX_SERVICE_ACCOUNT_FILE = 64 * 1024;

/**
 * Adding or editing one row, with the fields its provider uses. Secrets are never shown: an edit leaves them empty,
 * says what is stored ("set · ••••abcd"), and keeps it unless something new is typed.
 */
export function AccessRowForm({ row, canAddWorkspaceRows, workspaceName, onSaved, onCancel }: AccessRowFormProps) {
  const [form, setForm] = useState<RowForm>(() => (row ? formFromRow(row) : emptyForm()));
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [fileProblem, setFileProblem] = useState<string | undefined>();
  const save = useSaveAccessRow();
  const id = useId();
  const fields = fieldsFor(form);
  const editing = row !== undefined;
  const sameProvider = editing && row.provider === form.provider;
  const storedReadable = !editing || row.secrets_readable !== false;

  function change(patch: Partial<RowForm>) {
    setForm((current) => ({ ...current, ...patch }));
    setErrors((current) => {
      const next = { ...current };
      for (const name of Object.keys(patch)) delete next[name as FormField];
      if ('account' in patch || 'container' in patch) delete next.account;
      return next;
    });
    if (save.error) save.reset();
  }

  /** Another provider keeps the bucket typed so far (Azure reads it as the storage account). */
  function onProviderChange(provider: StorageProvider) {
    const patch: Partial<RowForm> = { provider };
    if (provider === 'azure' && !form.account.trim() && form.bucket.trim()) patch.account = form.bucket.trim().toLowerCase();
    if (provider !== 'azure' && !form.bucket.trim() && form.account.trim()) patch.bucket = form.account.trim();
    change(patch);
  }

  function onBucketChange(text: string) {
    const inferred = inferFromBucketText(text);
    change(inferred ?? { bucket: text });
  }

  function onEndpointChange(text: string) {
    const provider = providerOfEndpoint(text);
    if (provider === 'gcs' && form.provider === 's3') change({ endpoint: '', provider: 'gcs', gcsAuth: 'hmac' });
    else change({ endpoint: text });
  }

  async function onServiceAccountFile(file: File | null) {
    setFileProblem(undefined);
    if (!file) return;
    if (file.size > MAX_SERVICE_ACCOUNT_FILE) {
      setFileProblem(`${file.name} is larger than a service-account key file (${MAX_SERVICE_ACCOUNT_FILE / 1024} kB at most).`);
      return;
    }
    change({ serviceAccountJson: await file.text() });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = missingFields(form, row);
    if (fields.endpoint && form.endpoint.trim() && !/^[a-z][a-z0-9+.-]*:\/\//i.test(form.endpoint.trim())) {
      problems.endpoint = `Write the scheme too, e.g. https://${form.endpoint.trim()} (or http:// for a server without TLS).`;
    }
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      focusField(Object.keys(problems)[0] as FormField);
      return;
    }
    const body = row ? updateRequest(form, row) : createRequest(form);
    if (row && isNoChange(body)) {
      onCancel();
      return;
    }
    save.mutate(body, {
      onSuccess: (result) => onSaved(result.row),
      onError: (error) => {
        const field = isApiError(error, 400, 12) ? formFieldOf(error.errorData.field, form.provider) : undefined;
        if (field && field !== 'provider' && field !== 'scope') {
          setErrors({ [field]: fieldMessage(error.message) });
          save.reset();
          focusField(field);
        }
      },
    });
  }

  function focusField(field: FormField) {
    window.setTimeout(() => document.getElementById(`${id}-${field}`)?.focus(), 0);
  }

  const fieldId = (name: FormField) => `${id}-${name}`;
  const secretStored = sameProvider && storedReadable ? row.secret_set : false;
  const tokenStored = sameProvider && storedReadable ? row.token_set : false;
  const serviceAccountStored = sameProvider && storedReadable ? row.service_account_set : false;
  const serviceAccount = readServiceAccount(form.serviceAccountJson);
  const keepDescription = (what: string, stored: string): ReactNode => (
    <>
      Stored: <span className={classes.mask}>{stored}</span>. Leave empty to keep the stored {what}.
    </>
  );
  const unreadableDescription = 'The stored secret can no longer be read by the server (its master key changed): enter it again.';

  const secretLabel = form.provider === 'azure' ? 'Secret / SAS' : form.provider === 'gcs' ? 'Secret (HMAC)' : 'Secret';
  const secretDescription: ReactNode =
    editing && !storedReadable
      ? unreadableDescription
      : secretStored
        ? keepDescription('secret', maskedSecret(true, row?.secret_last4))
        : form.provider === 'azure'
          ? 'The storage account key (Access keys in the Azure portal), or a SAS token (sv=…&sig=…).'
          : form.provider === 'gcs'
            ? 'The secret of the HMAC key.'
            : 'The secret access key. It is never shown again.';

  const errorText = save.error
    ? isApiError(save.error, 400, DUPLICATE_ROW_SUBCODE)
      ? `${save.error.message}.`
      : save.error.message
    : undefined;

  return (
    <form onSubmit={onSubmit} noValidate aria-label={editing ? `Edit access keys for ${row.bucket}` : 'New access keys'}>
      <Stack gap="sm">
        <Box>
          <Text id={`${id}-provider-label`} size="sm" fw={500}>
            Provider
          </Text>
          <SegmentedControl
            role="radiogroup"
            aria-labelledby={`${id}-provider-label`}
            id={fieldId('provider')}
            data={PROVIDERS}
            value={form.provider}
            onChange={(value) => onProviderChange(value as StorageProvider)}
            mt={4}
            className={classes.segmented}
          />
        </Box>

        {!editing && canAddWorkspaceRows && (
          <Box>
            <Text id={`${id}-scope-label`} size="sm" fw={500}>
              Who uses these keys
            </Text>
            <Text id={`${id}-scope-description`} size="xs" c="dimmed">
              Shared keys sign URLs for every member of {workspaceName}; members never see them.
            </Text>
            <SegmentedControl
              role="radiogroup"
              aria-labelledby={`${id}-scope-label`}
              aria-describedby={`${id}-scope-description`}
              data={[
                { value: 'user', label: 'Only me' },
                { value: 'workspace', label: 'Everyone in this workspace' },
              ]}
              value={form.scope}
              onChange={(value) => change({ scope: value as StorageScope })}
              mt={4}
            />
          </Box>
        )}

        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
          {fields.bucket && (
            <TextInput
              id={fieldId('bucket')}
              label="Bucket"
              description={
                form.provider === 'gcs' ? 'The bucket name, or paste gs://bucket.' : 'The bucket name, or paste s3://bucket or gs://bucket.'
              }
              placeholder="my-bucket"
              required
              autoComplete="off"
              spellCheck={false}
              value={form.bucket}
              error={errors.bucket}
              onChange={(event) => onBucketChange(event.currentTarget.value)}
              data-autofocus
            />
          )}
          {fields.azureBucket && (
            <>
              <TextInput
                id={fieldId('account')}
                label="Storage account"
                description="Or paste azure://account.blob.core.windows.net/container."
                placeholder="mystorageaccount"
                required
                autoComplete="off"
                spellCheck={false}
                value={form.account}
                error={errors.account}
                onChange={(event) => {
                  const inferred = inferFromBucketText(event.currentTarget.value);
                  change(inferred ?? { account: event.currentTarget.value });
                }}
                data-autofocus
              />
              <TextInput
                label="Container (optional)"
                description="Leave empty to use these keys for every container of the account."
                autoComplete="off"
                spellCheck={false}
                value={form.container}
                onChange={(event) => change({ container: event.currentTarget.value })}
              />
            </>
          )}

          {form.provider === 'gcs' && (
            <Box>
              <Text id={`${id}-gcs-auth-label`} size="sm" fw={500}>
                Credentials
              </Text>
              <Text id={`${id}-gcs-auth-description`} size="xs" c="dimmed">
                A service-account key file, or an HMAC key pair (Cloud Storage &gt; Settings &gt; Interoperability).
              </Text>
              <SegmentedControl
                role="radiogroup"
                aria-labelledby={`${id}-gcs-auth-label`}
                aria-describedby={`${id}-gcs-auth-description`}
                data={[
                  { value: 'service_account', label: 'Service account JSON' },
                  { value: 'hmac', label: 'HMAC key' },
                ]}
                value={form.gcsAuth}
                onChange={(value) => change({ gcsAuth: value as GcsAuth })}
                mt={4}
              />
            </Box>
          )}

          {fields.endpoint && (
            <div>
              <TextInput
                id={fieldId('endpoint')}
                label={form.provider === 'azure' ? 'Host (Endpoint) (optional)' : 'Host (Endpoint)'}
                description={
                  form.provider === 'azure'
                    ? 'Leave empty for Azure. For Azurite or another blob server: scheme, host and optional port.'
                    : 'Leave empty for AWS. Other S3 servers (MinIO, Ceph, Wasabi…): scheme, host and optional port.'
                }
                placeholder={form.provider === 'azure' ? 'http://127.0.0.1:10000' : 'https://minio.example.com:9000'}
                autoComplete="off"
                spellCheck={false}
                inputMode="url"
                value={form.endpoint}
                error={errors.endpoint}
                onChange={(event) => onEndpointChange(event.currentTarget.value)}
              />
              {isMixedContent(form.endpoint) && <MixedContentNote />}
            </div>
          )}

          {fields.key && (
            <TextInput
              id={fieldId('key')}
              label={form.provider === 'gcs' ? 'Key (HMAC access ID)' : 'Key'}
              description={form.provider === 'gcs' ? 'The access ID of the HMAC key, e.g. GOOG1E…' : 'The access key ID, e.g. AKIA…'}
              required
              autoComplete="off"
              spellCheck={false}
              value={form.key}
              error={errors.key}
              onChange={(event) => change({ key: event.currentTarget.value })}
            />
          )}
          {fields.secret && (
            <PasswordInput
              id={fieldId('secret')}
              label={secretLabel}
              description={secretDescription}
              placeholder={secretStored ? 'Leave empty to keep' : undefined}
              required={!secretStored}
              autoComplete="off"
              data-1p-ignore
              data-lpignore="true"
              spellCheck={false}
              value={form.secret}
              error={errors.secret}
              onChange={(event) => change({ secret: event.currentTarget.value })}
            />
          )}
          {fields.token && (
            <div>
              <PasswordInput
                id={fieldId('token')}
                label="Session token (optional)"
                description={
                  tokenStored && !form.removeToken
                    ? keepDescription('token', maskedSecret(true, row?.token_last4))
                    : 'Only for temporary (STS) credentials.'
                }
                placeholder={tokenStored && !form.removeToken ? 'Leave empty to keep' : undefined}
                autoComplete="off"
                data-1p-ignore
                data-lpignore="true"
                spellCheck={false}
                disabled={form.removeToken}
                value={form.token}
                error={errors.token}
                onChange={(event) => change({ token: event.currentTarget.value })}
              />
              {tokenStored && (
                <Checkbox
                  mt="xs"
                  size="sm"
                  label="Remove the stored session token"
                  checked={form.removeToken}
                  onChange={(event) => change({ removeToken: event.currentTarget.checked, token: '' })}
                />
              )}
            </div>
          )}
          {fields.region && (
            <div>
              <TextInput
                id={fieldId('region')}
                label="Region (AWS S3)"
                description={
                  form.endpoint.trim()
                    ? 'The region your S3 server expects, if any. Leave empty to use what the server reports, else us-east-1.'
                    : 'Optional: leave empty and Foyer finds the bucket’s region.'
                }
                placeholder="us-east-2"
                autoComplete="off"
                spellCheck={false}
                value={form.region}
                error={errors.region}
                onChange={(event) => change({ region: event.currentTarget.value })}
              />
              {editing && row.detected_region && sameProvider && (
                <Text size="sm" mt={6} role="note">
                  This bucket is in {row.detected_region}; Foyer signs for that region.
                </Text>
              )}
            </div>
          )}
          {fields.addressing && (
            <NativeSelect
              id={fieldId('addressing')}
              label="Addressing style"
              description="Default: path style with a Host (Endpoint), else virtual-hosted. Aliyun OSS needs virtual-hosted."
              data={ADDRESSING}
              value={form.addressing}
              error={errors.addressing}
              onChange={(event) => change({ addressing: event.currentTarget.value as AddressingChoice })}
            />
          )}
        </SimpleGrid>

        {fields.serviceAccount && (
          <Stack gap="xs">
            <Textarea
              id={fieldId('serviceAccountJson')}
              label="Service account key (JSON)"
              description={
                editing && !storedReadable
                  ? unreadableDescription
                  : serviceAccountStored
                    ? (
                        <>
                          Stored: <span className={classes.mask}>set · {row?.service_account_email}</span>. Leave empty to keep it, or paste or
                          upload a new key file.
                        </>
                      )
                    : 'Paste the key file downloaded from Google Cloud (IAM > Service accounts > Keys), or upload it.'
              }
              placeholder={serviceAccountStored ? 'Leave empty to keep' : '{ "type": "service_account", … }'}
              autosize
              minRows={3}
              maxRows={8}
              spellCheck={false}
              autoComplete="off"
              classNames={{ input: classes.monospace }}
              value={form.serviceAccountJson}
              error={errors.serviceAccountJson ?? (serviceAccount && 'error' in serviceAccount ? serviceAccount.error : undefined)}
              onChange={(event) => change({ serviceAccountJson: event.currentTarget.value })}
            />
            <Group gap="sm">
              <FileButton onChange={(file) => void onServiceAccountFile(file)} accept="application/json,.json">
                {(props) => (
                  <Button {...props} variant="default" size="xs" leftSection={<UploadIcon size={14} />}>
                    Upload key file
                  </Button>
                )}
              </FileButton>
              {serviceAccount && 'email' in serviceAccount && (
                <Text size="sm">
                  Service account: <strong>{serviceAccount.email}</strong>
                </Text>
              )}
              {fileProblem && (
                <Text size="sm" c="red" role="alert">
                  {fileProblem}
                </Text>
              )}
            </Group>
          </Stack>
        )}

        {errorText && <Alert color="red" variant="light" title={editing ? 'The changes were not saved' : 'The access keys were not added'}>{errorText}</Alert>}

        <Text size="xs" c="dimmed">
          Kept encrypted on the Foyer server and used only to sign object URLs{form.scope === 'workspace' ? ' for your workspace' : ' for you'};
          nothing is stored in this browser.
        </Text>
        <DialogActions onCancel={onCancel} confirmLabel={editing ? 'Save changes' : 'Add access keys'} loading={save.isPending} />
      </Stack>
    </form>
  );
}

function MixedContentNote() {
  return (
    <Group gap={6} mt={6} wrap="nowrap" align="flex-start" role="note" className={classes.warning}>
      <WarningIcon size={16} style={{ marginTop: 2 }} />
      <Text size="sm">{MIXED_CONTENT_WARNING}</Text>
    </Group>
  );
}
