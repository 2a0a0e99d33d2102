// users.get_security_log and workspaces.get_audit_log: the same entries, read by whose account or which workspace.
import { AUDIT_PAGE_SIZE_DEFAULT, type AuditPage } from '@foyer/contract';
import { defineEndpoint } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { authorize } from '../policies/index.ts';
import { requireMembership } from '../workspaces/membership.ts';
import type { Services } from '../services.ts';
import { decodeCursor, encodeCursor, listAuditEvents, type AuditQuery } from './store.ts';

async function auditPage(services: Services, query: Omit<AuditQuery, 'after' | 'limit'>, params: { cursor?: string | undefined; page_size?: number | undefined }): Promise<AuditPage> {
  const after = params.cursor === undefined ? undefined : decodeCursor(params.cursor);
  if (params.cursor !== undefined && !after) throw errors.invalidField('cursor', 'not a cursor this API returned (pass next_cursor as it came)');
  const { events, next } = await listAuditEvents(services.db, { ...query, ...(after ? { after } : {}), limit: params.page_size ?? AUDIT_PAGE_SIZE_DEFAULT });
  return { events, next_cursor: next ? encodeCursor(next) : null, retention_days: services.config.auditRetentionDays };
}

export const auditEndpoints = [
  defineEndpoint({
    name: 'users.get_security_log',
    auth: 'required',
    changesState: false,
    beforeTwoFactor: true,
    authorize: 'security_log.read',
    async handle({ services, identity }, params) {
      return auditPage(services, { subject: identity.userId, ...(params.kinds ? { kinds: params.kinds } : {}) }, params);
    },
  }),

  defineEndpoint({
    name: 'workspaces.get_audit_log',
    auth: 'required',
    changesState: false,
    async handle(ctx, params) {
      const { workspace, role } = await requireMembership(ctx, params.workspace);
      authorize(ctx, 'workspace.read_audit_log', { role });
      const query = { workspace: workspace.id, ...(params.user ? { person: params.user } : {}), ...(params.kinds ? { kinds: params.kinds } : {}) };
      return auditPage(ctx.services, query, params);
    },
  }),
];
