// Creating a key pair, within the per-user, per-workspace maximum. Used by the API and by the CLI.
import type { Services } from '../services.ts';
import { errors } from '../http/errors.ts';
import { countActiveCredentials, insertCredentials, lockMembershipForCredentials } from './store.ts';

export async function createCredentials(
  services: Pick<Services, 'db' | 'config' | 'now'>,
  input: { userId: string; workspaceId: string; label: string | null },
): Promise<{ accessKey: string; secretKey: string }> {
  const max = services.config.maxCredentials;
  return services.db.transaction().execute(async (tx) => {
    // counted and made under the membership's lock: parallel calls cannot together pass the limit
    if (!(await lockMembershipForCredentials(tx, input.userId, input.workspaceId))) throw errors.notMember(input.workspaceId);
    if ((await countActiveCredentials(tx, input.userId, input.workspaceId)) >= max) throw errors.credentialsLimit(max);
    const { accessKey, secretKey } = await insertCredentials(tx, { ...input, now: services.now() });
    return { accessKey, secretKey };
  });
}
