// Cloud access rows (storage_access.*): bucket credentials that the server keeps encrypted and uses to sign object
// URLs for the web app. Secrets are write-only: the server says only whether each is set, and its last 4 characters.
import { SUBCODES, type AccessRow, type AccessRowChanges, type AccessRowList, type SignResult } from '@foyer/contract';
import { callApi } from './client';

/** Subcode of storage_access.set when the caller already has a row for that bucket and endpoint. */
export const DUPLICATE_ROW_SUBCODE = SUBCODES.alreadyExists;

export function getAccessRows(): Promise<AccessRowList> {
  return callApi('storage_access.get_all');
}

export function saveAccessRow(changes: AccessRowChanges): Promise<{ row: AccessRow; created: boolean }> {
  return callApi('storage_access.set', changes);
}

export function deleteAccessRow(id: string): Promise<{ deleted: number }> {
  return callApi('storage_access.delete', { id });
}

export async function signUrls(urls: string[]): Promise<SignResult[]> {
  const data = await callApi('storage_access.sign_urls', { urls });
  return data.results;
}

/** One URL signed to test access: the server keeps the outcome in the workspace's audit log. */
export async function signUrlToTest(url: string): Promise<SignResult> {
  const data = await callApi('storage_access.sign_urls', { urls: [url], test: true });
  const [result] = data.results;
  if (!result) throw new Error('The server answered storage_access.sign_urls without a result.');
  return result;
}

export async function signUrl(url: string): Promise<SignResult> {
  const [result] = await signUrls([url]);
  if (!result) throw new Error('The server answered storage_access.sign_urls without a result.');
  return result;
}
