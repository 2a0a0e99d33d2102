// The add/edit form of a cloud access row as plain data: which fields each provider uses, what a pasted URL says,
// and the storage_access.set body. An update sends only what changed, and a secret only when one was typed, so
// editing a row never needs its secret again.
import { azureParts } from './describe';
import type { AccessRow, AccessRowChanges, Addressing, StorageProvider, StorageScope } from '@foyer/contract';

export type GcsAuth = 'service_account' | 'hmac';
export type AddressingChoice = 'default' | Addressing;

export interface RowForm {
  provider: StorageProvider;
  scope: StorageScope;
  /** S3 and GCS */
  bucket: string;
  /** Azure: the storage account, and optionally one container */
  account: string;
  container: string;
  key: string;
  /** a new secret; empty on an edit means "keep the stored one" */
  secret: string;
  token: string;
  removeToken: boolean;
  region: string;
  endpoint: string;
  addressing: AddressingChoice;
  gcsAuth: GcsAuth;
  /** a new service-account key file; empty on an edit means "keep the stored one" */
  serviceAccountJson: string;
}

/** The form fields a server error can name (error_data.field), mapped from the API's field names. */
export type FormField = 'provider' | 'scope' | 'bucket' | 'account' | 'key' | 'secret' | 'token' | 'region' | 'endpoint' | 'addressing' | 'serviceAccountJson';

export function emptyForm(scope: StorageScope = 'user'): RowForm {
  return {
    provider: 's3',
    scope,
    bucket: '',
    account: '',
    container: '',
    key: '',
    secret: '',
    token: '',
    removeToken: false,
    region: '',
    endpoint: '',
    addressing: 'default',
    gcsAuth: 'service_account',
    serviceAccountJson: '',
  };
}

export function formFromRow(row: AccessRow): RowForm {
  const { account, container } = row.provider === 'azure' ? azureParts(row.bucket) : { account: '', container: '' };
  return {
    ...emptyForm(row.scope),
    provider: row.provider,
    bucket: row.provider === 'azure' ? '' : row.bucket,
    account,
    container,
    key: row.key ?? '',
    region: row.region ?? '',
    endpoint: row.endpoint ?? '',
    addressing: row.addressing_default || !row.addressing ? 'default' : row.addressing,
    gcsAuth: row.provider === 'gcs' && !row.service_account_set && (row.key || row.secret_set) ? 'hmac' : 'service_account',
  };
}

/** Which inputs the form shows for a provider (and, for GCS, the kind of key). */
export function fieldsFor(form: Pick<RowForm, 'provider' | 'gcsAuth' | 'endpoint'>) {
  const s3 = form.provider === 's3';
  const gcs = form.provider === 'gcs';
  const azure = form.provider === 'azure';
  const hmac = gcs && form.gcsAuth === 'hmac';
  return {
    bucket: !azure,
    azureBucket: azure,
    key: s3 || hmac,
    secret: s3 || hmac || azure,
    token: s3,
    region: s3,
    endpoint: s3 || azure,
    addressing: s3 || (azure && form.endpoint.trim() !== ''),
    serviceAccount: gcs && !hmac,
  };
}

export function bucketOf(form: RowForm): string {
  if (form.provider !== 'azure') return form.bucket.trim();
  const account = form.account.trim();
  const container = form.container.trim();
  return container ? `${account}/${container}` : account;
}

const AZURE_URL = /^(?:azure|https?):\/\/([a-z0-9]{3,24})\.blob\.core\.[a-z0-9.-]+(?:\/([^/?#]+))?\/?/i;

/**
 * What a bucket pasted as a URL says: s3://bucket and gs://bucket give the provider and the bare name, an Azure
 * blob URL gives account and container. Returns undefined for a plain name.
 */
export function inferFromBucketText(text: string): Partial<RowForm> | undefined {
  const value = text.trim();
  const azure = AZURE_URL.exec(value);
  if (azure) return { provider: 'azure', account: azure[1]!.toLowerCase(), container: azure[2] ?? '', bucket: '' };
  const bucketUrl = /^(s3|gs):\/\/([^/?#]+)\/?$/i.exec(value);
  if (bucketUrl) return { provider: bucketUrl[1]!.toLowerCase() === 'gs' ? 'gcs' : 's3', bucket: bucketUrl[2]! };
  return undefined;
}

/** The provider an endpoint's host names, when it is one of the clouds' own hosts. */
export function providerOfEndpoint(endpoint: string): StorageProvider | undefined {
  let host: string;
  try {
    host = new URL(endpoint.trim()).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (host === 'storage.googleapis.com') return 'gcs';
  if (/\.blob\.core\.[a-z0-9.-]+$/.test(host)) return 'azure';
  return undefined;
}

/** The e-mail of a pasted service-account key file, or an error in words (the server checks it fully). */
export function readServiceAccount(json: string): { email: string } | { error: string } | undefined {
  if (!json.trim()) return undefined;
  try {
    const value = JSON.parse(json) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'This is not a JSON object.' };
    const email = (value as { client_email?: unknown }).client_email;
    if (typeof email !== 'string') return { error: 'This JSON has no "client_email": is it a service-account key file?' };
    return { email };
  } catch {
    return { error: 'This is not valid JSON: paste the whole key file.' };
  }
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The body that creates a row from the form. */
export function createRequest(form: RowForm): AccessRowChanges {
  const fields = fieldsFor(form);
  const body: AccessRowChanges = { provider: form.provider, scope: form.scope, bucket: bucketOf(form) };
  if (fields.key && form.key.trim()) body.key = form.key.trim();
  if (fields.secret && form.secret.trim()) body.secret = form.secret.trim();
  if (fields.token && form.token.trim()) body.token = form.token.trim();
  if (fields.region && form.region.trim()) body.region = form.region.trim();
  if (fields.endpoint && form.endpoint.trim()) body.endpoint = form.endpoint.trim();
  if (fields.addressing && form.addressing !== 'default') body.addressing = form.addressing;
  if (fields.serviceAccount && form.serviceAccountJson.trim()) body.service_account_json = form.serviceAccountJson;
  return body;
}

/**
 * The body that updates `row` to what the form shows: only the fields that differ. Fields the new provider does not
 * use are cleared when the row has them; secrets are sent only when typed.
 */
export function updateRequest(form: RowForm, row: AccessRow): AccessRowChanges {
  const fields = fieldsFor(form);
  const body: AccessRowChanges = { id: row.id };
  if (form.provider !== row.provider) body.provider = form.provider;
  if (bucketOf(form) !== row.bucket) body.bucket = bucketOf(form);

  const setting = (name: 'key' | 'region' | 'endpoint', applies: boolean, value: string) => {
    const wanted = applies ? orNull(value) : null;
    if (wanted !== (row[name] ?? null)) body[name] = wanted;
  };
  setting('key', fields.key, form.key);
  setting('region', fields.region, form.region);
  setting('endpoint', fields.endpoint, form.endpoint);

  const wantedAddressing = fields.addressing && form.addressing !== 'default' ? form.addressing : null;
  const storedAddressing = row.addressing_default || !row.addressing ? null : row.addressing;
  if (wantedAddressing !== storedAddressing) body.addressing = wantedAddressing;

  if (fields.secret) {
    if (form.secret.trim()) body.secret = form.secret.trim();
  } else if (row.secret_set) {
    body.secret = '';
  }
  if (fields.token) {
    if (form.removeToken) {
      if (row.token_set) body.token = '';
    } else if (form.token.trim()) {
      body.token = form.token.trim();
    }
  } else if (row.token_set) {
    body.token = '';
  }
  if (fields.serviceAccount) {
    if (form.serviceAccountJson.trim()) body.service_account_json = form.serviceAccountJson;
  } else if (row.service_account_set) {
    body.service_account_json = '';
  }
  return body;
}

/** True when an update body changes nothing (only the id). */
export function isNoChange(body: AccessRowChanges): boolean {
  return Object.keys(body).every((name) => name === 'id');
}

/** The fields the form itself can tell are missing, before asking the server. */
export function missingFields(form: RowForm, row?: AccessRow): Partial<Record<FormField, string>> {
  const fields = fieldsFor(form);
  const problems: Partial<Record<FormField, string>> = {};
  const storedUsable = row !== undefined && row.provider === form.provider && row.secrets_readable !== false;
  if (fields.bucket && !form.bucket.trim()) problems.bucket = 'Enter the bucket name.';
  if (fields.azureBucket && !form.account.trim()) problems.account = 'Enter the storage account name.';
  if (fields.key && !form.key.trim()) problems.key = form.provider === 'gcs' ? 'Enter the HMAC access ID.' : 'Enter the access key ID.';
  if (fields.secret && !form.secret.trim() && !(storedUsable && row.secret_set)) {
    problems.secret =
      form.provider === 'azure' ? 'Enter the storage account key or a SAS token.' : form.provider === 'gcs' ? 'Enter the HMAC secret.' : 'Enter the secret access key.';
  }
  if (fields.serviceAccount && !form.serviceAccountJson.trim() && !(storedUsable && row.service_account_set)) {
    problems.serviceAccountJson = 'Upload or paste the service account’s JSON key file.';
  }
  return problems;
}

const API_FIELDS: Record<string, FormField> = {
  provider: 'provider',
  scope: 'scope',
  key: 'key',
  secret: 'secret',
  token: 'token',
  region: 'region',
  endpoint: 'endpoint',
  addressing: 'addressing',
  service_account_json: 'serviceAccountJson',
};

/** The form field that a storage_access.set error names. */
export function formFieldOf(apiField: unknown, provider: StorageProvider): FormField | undefined {
  if (typeof apiField !== 'string') return undefined;
  if (apiField === 'bucket') return provider === 'azure' ? 'account' : 'bucket';
  return API_FIELDS[apiField];
}
