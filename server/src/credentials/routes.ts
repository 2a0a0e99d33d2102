import { z } from 'zod';
import { defineEndpoint } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { isoTime } from '../shared/time.ts';
import { revokeCredentialSessions } from '../auth/sessions.ts';
import { createCredentials } from './create.ts';
import { findOwnCredential, listCredentials, markCredentialRevoked, setCredentialLabel, type CredentialRow } from './store.ts';

const accessKeyField = z.string().min(1).max(100);
const labelField = z.string().trim().max(100, { message: 'must be at most 100 characters' });

/** A key pair as people see it: never the secret. */
export function describeCredential(row: CredentialRow) {
  return {
    access_key: row.access_key,
    ...(row.label ? { label: row.label } : {}),
    created: isoTime(row.created_at),
    ...(row.last_used_at !== null ? { last_used: isoTime(row.last_used_at) } : {}),
    ...(row.last_used_from ? { last_used_from: row.last_used_from } : {}),
    ...(row.last_used_client ? { last_used_client: row.last_used_client } : {}),
  };
}

export const credentialEndpoints = [
  defineEndpoint({
    name: 'auth.create_credentials',
    auth: 'required',
    changesState: true,
    params: z.strictObject({ label: labelField.optional() }),
    async handle({ services, identity }, params) {
      const created = await createCredentials(services, { userId: identity.userId, workspaceId: identity.workspaceId, label: params.label || null });
      return {
        credentials: { access_key: created.accessKey, secret_key: created.secretKey, ...(params.label ? { label: params.label } : {}) },
      };
    },
  }),

  defineEndpoint({
    name: 'auth.get_credentials',
    auth: 'required',
    changesState: false,
    params: z.strictObject({}),
    async handle({ services, identity }) {
      await services.lastUsed.flush(); // so the table shows the use that just happened
      const rows = await listCredentials(services.db, identity.userId, identity.workspaceId);
      return { credentials: rows.map(describeCredential), max_credentials: services.config.maxCredentials };
    },
  }),

  defineEndpoint({
    name: 'auth.edit_credentials',
    auth: 'required',
    changesState: true,
    params: z.strictObject({ access_key: accessKeyField, label: labelField.optional() }),
    async handle({ services, identity }, params) {
      const row = await findOwnCredential(services.db, identity.userId, identity.workspaceId, params.access_key);
      if (!row) throw errors.invalidAccessKey(`No credentials with access key ${params.access_key} among yours in this workspace`);
      const label = params.label || null;
      if (label === row.label) return { updated: 0 };
      await setCredentialLabel(services.db, row.id, label);
      return { updated: 1 };
    },
  }),

  defineEndpoint({
    name: 'auth.revoke_credentials',
    auth: 'required',
    changesState: true,
    params: z.strictObject({ access_key: accessKeyField }),
    async handle({ services, identity }, params) {
      const { db } = services;
      const row = await findOwnCredential(db, identity.userId, identity.workspaceId, params.access_key);
      if (!row) throw errors.invalidUser(`No credentials with access key ${params.access_key} among yours in this workspace`);
      const now = services.now();
      await db.transaction().execute(async (tx) => {
        await markCredentialRevoked(tx, row.id, now);
        await revokeCredentialSessions(tx, { userId: identity.userId, workspaceId: identity.workspaceId, credentialId: row.id }, now);
      });
      return { revoked: 1 };
    },
  }),
];
