// Creating a key pair, within the per-user, per-workspace maximum and the workspace's maximum lifetime. Used by the API
// and by the CLI.
import type { Services } from '../services.ts';
import { errors } from '../http/errors.ts';
import { keyExpiry } from './expiry.ts';
import { countActiveCredentials, insertCredentials, lockMembershipForCredentials } from './store.ts';

export async function createCredentials(
  services: Pick<Services, 'db' | 'config' | 'now'>,
  input: { userId: string; workspaceId: string; label: string | null; expiresAt?: string | null | undefined },
): Promise<{ accessKey: string; secretKey: string; expiresAt: number | null }> {
  const max = services.config.maxCredentials;
  return services.db.transaction().execute(async (tx) => {
    // counted and made under the membership's lock: parallel calls cannot together pass the limit
    const workspace = await lockMembershipForCredentials(tx, input.userId, input.workspaceId);
    if (!workspace) throw errors.notMember(input.workspaceId);
    if ((await countActiveCredentials(tx, input.userId, input.workspaceId)) >= max) throw errors.credentialsLimit(max);
    const now = services.now();
    const expiry = keyExpiry(input.expiresAt, now, workspace.maxKeyLifetimeDays);
    if ('refusal' in expiry) throw errors.invalidField('expires_at', expiry.refusal);
    const { accessKey, secretKey } = await insertCredentials(tx, { ...input, expiresAt: expiry.expiresAt, now });
    return { accessKey, secretKey, expiresAt: expiry.expiresAt };
  });
}
