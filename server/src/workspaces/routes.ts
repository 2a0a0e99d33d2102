import { z } from 'zod';
import { defineEndpoint } from '../http/endpoint.ts';
import { listUserWorkspaces } from './store.ts';

export const workspaceEndpoints = [
  defineEndpoint({
    name: 'organization.get_user_companies',
    auth: 'required',
    changesState: false,
    params: z.strictObject({}),
    async handle({ services, identity }) {
      const workspaces = await listUserWorkspaces(services.db, identity.userId, services.config.maxMembers);
      return {
        companies: workspaces.map((w) => ({
          id: w.id,
          name: w.name,
          allocated: w.allocated,
          allowed: w.allowed,
          role: w.role,
          personal: w.personal,
          current: w.id === identity.workspaceId,
        })),
      };
    },
  }),
];
