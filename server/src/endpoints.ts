// Every API endpoint, by name. Each domain declares its own next to its rules and queries.
import type { Endpoint } from './http/endpoint.ts';
import { authEndpoints } from './auth/routes.ts';
import { signUpEndpoint } from './users/sign-up.ts';
import { sessionEndpoints } from './auth/session-routes.ts';
import { inviteEndpoints } from './invites/routes.ts';
import { credentialEndpoints } from './credentials/routes.ts';
import { serverEndpoints } from './server-info/routes.ts';
import { userEndpoints } from './users/routes.ts';
import { workerEndpoints } from './workers/routes.ts';
import { queueEndpoints } from './queues/routes.ts';
import { workspaceEndpoints } from './workspaces/routes.ts';
import { storageAccessEndpoints } from './storage-access/routes.ts';
import { experimentEndpoints } from './experiments/routes.ts';
import { auditEndpoints } from './audit/routes.ts';
import { twoFactorEndpoints } from './two-factor/routes.ts';
import { passwordResetEndpoints } from './password-reset/routes.ts';
import { emailAddressEndpoints } from './email-addresses/routes.ts';
import { oidcEndpoints } from './oidc/routes.ts';

export function allEndpoints(): Map<string, Endpoint> {
  const map = new Map<string, Endpoint>();
  for (const endpoint of [...authEndpoints, signUpEndpoint, ...inviteEndpoints, ...userEndpoints, ...sessionEndpoints, ...credentialEndpoints, ...workspaceEndpoints, ...serverEndpoints, ...workerEndpoints, ...queueEndpoints, ...storageAccessEndpoints, ...experimentEndpoints, ...auditEndpoints, ...twoFactorEndpoints, ...passwordResetEndpoints, ...emailAddressEndpoints, ...oidcEndpoints]) {
    if (map.has(endpoint.name)) throw new Error(`Endpoint ${endpoint.name} is declared twice`);
    map.set(endpoint.name, endpoint);
  }
  return map;
}
