import { defineEndpoint } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { beginAttempt } from '../auth/throttle.ts';
import { LEAK_REPORT_ANSWER_MS, leakReportAttempt, revokeLeakedSecret } from './leak-reports.ts';
import { isoTime, noSoonerThan } from '../shared/time.ts';
import { revokeCredentialSessions } from '../auth/sessions.ts';
import { createCredentials } from './create.ts';
import { recordEvent } from '../audit/record.ts';
import { notifySecurityEvent } from '../mail/security-notices.ts';
import { hasExpired } from './expiry.ts';
import { endRotationOverlap, inRotation, rollBackRotation, rotateCredentials } from './rotation.ts';
import type { CredentialRotation } from '@foyer/contract';
import { keyPairRules, listCredentials, relabelOwnCredential, revokeOwnCredential, type CredentialRow } from './store.ts';


/** A key pair as people see it: never the secret. `now` tells whether it has expired. */
export function describeCredential(row: CredentialRow, now: number) {
  return {
    access_key: row.access_key,
    ...(row.label ? { label: row.label } : {}),
    created: isoTime(row.created_at),
    ...(row.last_used_at !== null ? { last_used: isoTime(row.last_used_at) } : {}),
    ...(row.last_used_from ? { last_used_from: row.last_used_from } : {}),
    ...(row.last_used_client ? { last_used_client: row.last_used_client } : {}),
    ...(row.last_used_worker ? { last_used_worker: row.last_used_worker } : {}),
    ...(row.expires_at !== null ? { expires: isoTime(row.expires_at) } : {}),
    ...(hasExpired(row.expires_at, now) ? { expired: true } : {}),
    ...(inRotation(row, now) ? { rotation: describeRotation(row) } : {}),
  };
}

/** A rotation under way: until when the old secret works, and its last use since the rotation. */
function describeRotation(row: CredentialRow): CredentialRotation {
  return {
    rotated: isoTime(row.rotated_at ?? row.created_at),
    old_secret_until: isoTime(row.previous_secret_ends_at!),
    ...(row.previous_used_at !== null ? { old_secret_last_used: isoTime(row.previous_used_at) } : {}),
    ...(row.previous_used_from ? { old_secret_last_used_from: row.previous_used_from } : {}),
    ...(row.previous_used_client ? { old_secret_last_used_client: row.previous_used_client } : {}),
    ...(row.previous_used_worker ? { old_secret_last_used_worker: row.previous_used_worker } : {}),
  };
}

export const credentialEndpoints = [
  defineEndpoint({
    name: 'auth.report_leaked_secret',
    auth: 'none',
    changesState: true,
    authorize: 'credentials.report_leak',
    async handle(ctx, params) {
      const { services } = ctx;
      await beginAttempt(services.db, leakReportAttempt(services.config.loginThrottle, params.secret, ctx.request.ip), services.now(), errors.leakReportsThrottled);
      await noSoonerThan(LEAK_REPORT_ANSWER_MS, () => revokeLeakedSecret(services, params.secret, ctx.request));
      return { received: true as const };
    },
  }),

  defineEndpoint({
    name: 'auth.create_credentials',
    auth: 'required',
    changesState: true,
    authorize: 'credentials.create',
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const created = await createCredentials(services, { userId: identity.userId, workspaceId: identity.workspaceId, label: params.label || null, expiresAt: params.expires_at });
      const expires = created.expiresAt === null ? null : isoTime(created.expiresAt);
      await recordEvent(services.db, ctx, {
        kind: 'key.created',
        actor: identity.userId,
        subject: identity.userId,
        workspace: identity.workspaceId,
        target: created.accessKey,
        details: { label: params.label || null, ...(expires ? { expires } : {}) },
      });
      notifySecurityEvent(services, { email: identity.email, name: identity.userName }, { kind: 'key.created', accessKey: created.accessKey, label: params.label || null }, ctx.request);
      return {
        credentials: { access_key: created.accessKey, secret_key: created.secretKey, ...(params.label ? { label: params.label } : {}), ...(expires ? { expires } : {}) },
      };
    },
  }),

  defineEndpoint({
    name: 'auth.get_credentials',
    auth: 'required',
    changesState: false,
    authorize: 'credentials.list',
    async handle({ services, identity }) {
      await services.lastUsed.flush(); // so the table shows the use that just happened
      const rows = await listCredentials(services.db, identity.userId, identity.workspaceId);
      const now = services.now();
      const rules = await keyPairRules(services.db, identity.workspaceId);
      return {
        credentials: rows.map((row) => describeCredential(row, now)),
        max_credentials: services.config.maxCredentials,
        max_key_lifetime_days: rules.maxLifetimeDays,
        revoke_unused_after_days: rules.revokeUnusedAfterDays,
      };
    },
  }),

  defineEndpoint({
    name: 'auth.edit_credentials',
    auth: 'required',
    changesState: true,
    authorize: 'credentials.edit',
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const outcome = await relabelOwnCredential(services.db, identity, params.access_key, params.label || null);
      if (outcome === 'not-found') throw errors.invalidAccessKey(`No credentials with access key ${params.access_key} among yours in this workspace`);
      if (outcome === 'updated') {
        await recordEvent(services.db, ctx, { kind: 'key.relabelled', actor: identity.userId, subject: identity.userId, workspace: identity.workspaceId, target: params.access_key, details: { label: params.label || null } });
      }
      return { updated: outcome === 'updated' ? 1 : 0 };
    },
  }),

  defineEndpoint({
    name: 'auth.revoke_credentials',
    auth: 'required',
    changesState: true,
    authorize: 'credentials.revoke',
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const now = services.now();
      const revoked = await services.db.transaction().execute(async (tx) => {
        // one statement claims the key: of two revocations at once, one revokes it and the other is told it is gone
        const id = await revokeOwnCredential(tx, identity, params.access_key, now);
        if (id) {
          await revokeCredentialSessions(tx, { userId: identity.userId, workspaceId: identity.workspaceId, credentialId: id }, now);
          await recordEvent(tx, ctx, { kind: 'key.revoked', actor: identity.userId, subject: identity.userId, workspace: identity.workspaceId, target: params.access_key });
        }
        return id !== undefined;
      });
      if (!revoked) throw errors.invalidUser(`No credentials with access key ${params.access_key} among yours in this workspace`);
      return { revoked: 1 };
    },
  }),

  defineEndpoint({
    name: 'auth.rotate_credentials',
    auth: 'required',
    changesState: true,
    authorize: 'credentials.rotate',
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const rotated = await rotateCredentials(ctx, identity, params.access_key, params.overlap_sec);
      notifySecurityEvent(
        services,
        { email: identity.email, name: identity.userName },
        { kind: 'key.rotated', accessKey: params.access_key, label: rotated.label, oldSecretUntil: rotated.previousEndsAt },
        ctx.request,
      );
      return {
        credentials: {
          access_key: params.access_key,
          secret_key: rotated.secretKey,
          ...(rotated.label ? { label: rotated.label } : {}),
          ...(rotated.expiresAt !== null ? { expires: isoTime(rotated.expiresAt) } : {}),
          ...(rotated.previousEndsAt !== null ? { old_secret_until: isoTime(rotated.previousEndsAt) } : {}),
        },
      };
    },
  }),

  defineEndpoint({
    name: 'auth.end_credentials_rotation',
    auth: 'required',
    changesState: true,
    authorize: 'credentials.rotate',
    async handle(ctx, params) {
      await endRotationOverlap(ctx, ctx.identity, params.access_key);
      return { ended: 1 };
    },
  }),

  defineEndpoint({
    name: 'auth.roll_back_credentials_rotation',
    auth: 'required',
    changesState: true,
    authorize: 'credentials.rotate',
    async handle(ctx, params) {
      await rollBackRotation(ctx, ctx.identity, params.access_key);
      return { rolled_back: 1 };
    },
  }),
];
