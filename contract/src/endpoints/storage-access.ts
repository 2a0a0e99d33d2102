// Cloud access rows (storage_access.*). The schema checks only types: formats, choices and lengths are checked by
// the server's rules, so that every refusal names the field and says what would be accepted.
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';

const clearable = z.union([z.string(), z.null()]).optional();

export const storageAccessEndpoints = {
  'storage_access.get_all': endpoint("The caller's own rows and the workspace's rows, never a secret.", z.strictObject({})),
  'storage_access.set': endpoint(
    'Creates a row (without id) or changes one (with id): an omitted field keeps its value, "" or null clears it.',
    z.strictObject({
      id: z.string().optional(),
      scope: z.string().optional().describe('"user" (default) or "workspace" (owners and admins)'),
      provider: z.string().optional().describe('"s3", "gcs" or "azure"'),
      bucket: z.string().optional(),
      key: clearable,
      secret: clearable,
      token: clearable,
      region: clearable,
      endpoint: clearable,
      addressing: clearable,
      service_account_json: z.union([z.string(), z.record(z.string(), z.unknown()), z.null()]).optional(),
    }),
  ),
  'storage_access.delete': endpoint('Deletes a row.', z.strictObject({ id: z.string() })),
  'storage_access.sign_urls': endpoint(
    "Signs object URLs with the caller's rows, for the web app to fetch objects; each URL answers on its own.",
    z.strictObject({
      urls: z.array(z.string()),
      /** one URL signed to test a row from the Profile page: the outcome goes in the workspace's audit log */
      test: z.boolean().optional(),
    }),
  ),
};
