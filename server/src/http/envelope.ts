// The ClearML response envelope: {meta, data}, HTTP status = meta.result_code, versions as strings.
import { randomUUID } from 'node:crypto';
import type { Envelope } from '@foyer/contract';

export type { Envelope, EnvelopeMeta } from '@foyer/contract';

export interface CallInfo {
  endpointName: string;
  requestedVersion: string;
  trx: string | undefined;
}

export function newCallId(): string {
  return randomUUID().replaceAll('-', '');
}

export function envelope(
  call: CallInfo,
  result: { code: number; subcode: number; message: string; errorData?: Record<string, unknown> },
  data: unknown,
): Envelope {
  const id = newCallId();
  return {
    meta: {
      id,
      trx: call.trx || id,
      endpoint: { name: call.endpointName, requested_version: call.requestedVersion, actual_version: '1.0' },
      result_code: result.code,
      result_subcode: result.subcode,
      result_msg: result.message,
      error_stack: null,
      error_data: result.errorData ?? {},
    },
    data,
  };
}
