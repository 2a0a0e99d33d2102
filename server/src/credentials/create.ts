// Creating a key pair, within the per-user, per-workspace maximum. Used by the API and by the CLI.
import type { Services } from '../services.ts';
import { errors } from '../http/errors.ts';
import { countActiveCredentials, insertCredentials } from './store.ts';

export async function createCredentials(
  services: Pick<Services, 'db' | 'config' | 'now'>,
  input: { userId: string; workspaceId: string; label: string | null },
): Promise<{ accessKey: string; secretKey: string }> {
  const max = services.config.maxCredentials;
  return services.db.transaction().execute(async (tx) => {
    if ((await countActiveCredentials(tx, input.userId, input.workspaceId)) >= max) throw errors.credentialsLimit(max);
    const { accessKey, secretKey } = await insertCredentials(tx, { ...input, now: services.now() });
    return { accessKey, secretKey };
  });
}
