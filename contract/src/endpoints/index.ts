// Every endpoint of the API, by name: its summary and its parameter schema.
import type { z } from 'zod';
import type { EndpointContract } from '../endpoint.ts';
import { agentEndpoints } from './agents.ts';
import { auditEndpoints } from './audit.ts';
import { authEndpoints } from './auth.ts';
import { credentialEndpoints } from './credentials.ts';
import { emailAddressEndpoints } from './email-addresses.ts';
import { experimentEndpoints } from './experiments.ts';
import { inviteEndpoints } from './invites.ts';
import { oidcEndpoints } from './oidc.ts';
import { passwordResetEndpoints } from './password-reset.ts';
import { serverEndpoints } from './server.ts';
import { storageAccessEndpoints } from './storage-access.ts';
import { twoFactorEndpoints } from './two-factor.ts';
import { userEndpoints } from './users.ts';
import { workspaceEndpoints } from './workspaces.ts';

export const endpointContracts = {
  ...authEndpoints,
  ...credentialEndpoints,
  ...userEndpoints,
  ...workspaceEndpoints,
  ...inviteEndpoints,
  ...storageAccessEndpoints,
  ...serverEndpoints,
  ...agentEndpoints,
  ...experimentEndpoints,
  ...auditEndpoints,
  ...twoFactorEndpoints,
  ...passwordResetEndpoints,
  ...emailAddressEndpoints,
  ...oidcEndpoints,
} satisfies Record<string, EndpointContract>;

export type EndpointName = keyof typeof endpointContracts;

/** What a caller sends to an endpoint. */
export type ParamsOf<Name extends EndpointName> = z.input<(typeof endpointContracts)[Name]['params']>;

/** What the endpoint's handler receives once the parameters are checked. */
export type CheckedParamsOf<Name extends EndpointName> = z.output<(typeof endpointContracts)[Name]['params']>;

export type { InviteOptions } from './invites.ts';
