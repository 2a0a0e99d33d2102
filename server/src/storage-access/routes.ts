// The cloud access endpoints: storage_access.get_all, set, delete and sign_urls. Secrets are write-only.
import type { AuditDetails } from '@foyer/contract';
import { recordEvent } from '../audit/record.ts';
import { defineEndpoint, type AuthedContext } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { isUniqueViolation } from '../db/database.ts';
import { actorOf, authorize, can } from '../policies/index.ts';
import { newId } from '../shared/ids.ts';
import { isoTime } from '../shared/time.ts';
import type { Identity } from '../auth/identity.ts';
import { matchKey, planRow, viewRow, type Addressing, type Provider, type RowInput, type RowSecrets, type RowSettings, type Scope } from './rules.ts';
import {
  countOwnerRows,
  countWorkspaceRows,
  deleteRow,
  findVisibleRow,
  insertRow,
  listVisibleRows,
  openSecrets,
  sealSecrets,
  settingsOf,
  storageKey,
  updateRow,
  type AccessRow,
} from './store.ts';
import { MAX_URLS_PER_CALL, signUrls } from './sign.ts';
import { lockWorkspace } from '../workspaces/store.ts';
import { needsRegionLookup, regionCheckOf, type RegionCheck } from './region.ts';
import type { Services } from '../services.ts';

// The contract's schema checks only types: formats, choices and lengths are checked below and in rules.ts, so that
// every refusal names the field and says what would be accepted.

function checkId(id: string): string {
  if (!/^[0-9a-f]{32}$/.test(id)) throw errors.invalidField('id', 'must be a row id from storage_access.get_all (32 hexadecimal characters)');
  return id;
}

function choice<T extends string>(field: string, value: string | undefined, options: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(options as readonly string[]).includes(value)) throw errors.invalidField(field, `must be one of ${options.map((o) => `"${o}"`).join(', ')}`);
  return value as T;
}

/** A row as the cloud_access rules see it, with the caller's place in the signed-in workspace. */
function existingRow(identity: Identity, row: Pick<AccessRow, 'scope' | 'user_id'>) {
  return { role: identity.memberRole, workspaceName: identity.workspaceName, row: { scope: row.scope, userId: row.user_id } };
}

function present(row: AccessRow, secrets: RowSecrets | undefined, full: boolean) {
  return viewRow(
    { id: row.id, scope: row.scope, settings: settingsOf(row), detectedRegion: row.detected_region, createdAt: isoTime(row.created_at), updatedAt: isoTime(row.updated_at) },
    secrets,
    full,
  );
}

function ownerCapReached(scope: Scope, max: number) {
  return errors.limitReached(
    'FOYER_MAX_CLOUD_ACCESS_ROWS_PER_OWNER',
    max,
    `There are already ${max} cloud access rows ${scope === 'user' ? 'of yours' : 'shared'} in this workspace, the maximum; delete one you no longer use first, or ask the server's administrator to raise FOYER_MAX_CLOUD_ACCESS_ROWS_PER_OWNER`,
  );
}

/** How a log entry names a row: its provider's own form of the bucket, never a key. */
function bucketName(row: { provider: string; bucket: string; endpoint: string | null }): string {
  const scheme = row.provider === 'gcs' ? 'gs' : row.provider === 'azure' ? 'azure' : 's3';
  return `${scheme}://${row.bucket}${row.endpoint ? ` at ${row.endpoint}` : ''}`;
}

/** A row the caller may change, or the error to answer with (another's row: as if it did not exist). */

async function rowToManage(ctx: AuthedContext, id: string, action: 'cloud_access.update' | 'cloud_access.delete'): Promise<AccessRow> {
  const row = await findVisibleRow(ctx.services.db, id, ctx.identity.userId, ctx.identity.workspaceId);
  if (!row) throw errors.notFound(`No cloud access row with id ${id} among yours in this workspace`);
  authorize(ctx, action, existingRow(ctx.identity, row));
  return row;
}

function columnsOf(settings: RowSettings) {
  return {
    provider: settings.provider,
    bucket: settings.bucket,
    endpoint: settings.endpoint,
    key_id: settings.key,
    region: settings.region,
    addressing: settings.addressing,
  };
}

function duplicate(settings: RowSettings) {
  return errors.alreadyExists(
    `There is already a cloud access row for ${settings.provider === 'azure' ? 'Azure' : settings.provider.toUpperCase()} bucket "${settings.bucket}"${settings.endpoint ? ` on ${settings.endpoint}` : ''} here; edit that one instead`,
  );
}

/**
 * Saving a row is the one moment Foyer contacts a bucket's endpoint (or AWS) to learn its region, and only when
 * signing needs it: S3 on AWS (whose answer beats a wrong Region), or a custom endpoint without Region. Called
 * after every check of the caller's right to manage the row and of its fields, outside any transaction.
 */
async function lookUpRegion(
  services: Services,
  settings: RowSettings,
  now: number,
): Promise<{ detected: string | null; checkedAt: number | null; check?: RegionCheck }> {
  if (!services.config.regionLookup || !needsRegionLookup(settings)) return { detected: null, checkedAt: null };
  const answer = await services.regionFinder.find(settings.endpoint, settings.bucket);
  return { detected: 'region' in answer ? answer.region : null, checkedAt: now, check: regionCheckOf(settings, answer) };
}

export const storageAccessEndpoints = [
  defineEndpoint({
    name: 'storage_access.get_all',
    auth: 'required',
    changesState: false,
    authorize: 'cloud_access.list',
    async handle({ services, identity }) {
      const key = storageKey(services.config.secretKey);
      const rows = await listVisibleRows(services.db, identity.userId, identity.workspaceId);
      const actor = actorOf(identity);
      return {
        rows: rows.map((row) => {
          const subject = existingRow(identity, row);
          const full = can(actor, 'cloud_access.read_in_full', subject);
          return {
            ...present(row, full ? openSecrets(key, row) : undefined, full),
            can: { update: can(actor, 'cloud_access.update', subject), delete: can(actor, 'cloud_access.delete', subject) },
          };
        }),
        can: { add_workspace_rows: can(actor, 'cloud_access.add', { role: identity.memberRole, workspaceName: identity.workspaceName, scope: 'workspace' }) },
        signed_url_expiry_sec: services.config.signedUrlExpirySec,
        max_urls_per_call: MAX_URLS_PER_CALL,
      };
    },
  }),

  defineEndpoint({
    name: 'storage_access.set',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const { db } = services;
      const key = storageKey(services.config.secretKey);
      const now = services.now();
      const givenId = params.id === undefined ? undefined : checkId(params.id);
      const givenScope = choice<Scope>('scope', params.scope, ['user', 'workspace']);
      const addressing = params.addressing === null || params.addressing === '' ? null : choice<Addressing>('addressing', params.addressing, ['path', 'virtual']);
      const { id: _id, scope: _scope, provider, ...fields } = params;
      const input: RowInput = { ...fields, provider: choice<Provider>('provider', provider, ['s3', 'gcs', 'azure']), addressing };

      if (!givenId) {
        const scope = givenScope ?? 'user';
        authorize(ctx, 'cloud_access.add', { role: identity.memberRole, workspaceName: identity.workspaceName, scope });
        if (input.bucket === undefined) throw errors.invalidField('bucket', 'this field is required');
        const { settings, secrets } = planRow(input);
        const id = newId();
        const userId = scope === 'user' ? identity.userId : null;
        const { config } = services;
        // fields checked first: nothing is contacted for a row that would be refused
        const ownerCap = config.maxCloudAccessRowsPerOwner;
        const preliminary = await countOwnerRows(db, scope, identity.userId, identity.workspaceId);
        if (preliminary >= ownerCap) throw ownerCapReached(scope, ownerCap);
        const region = await lookUpRegion(services, settings, now);
        const row: AccessRow = {
          id,
          workspace_id: identity.workspaceId,
          user_id: userId,
          scope,
          ...columnsOf(settings),
          secrets: sealSecrets(key, id, secrets),
          match_key: matchKey(scope, userId, settings),
          detected_region: region.detected,
          region_checked_at: region.checkedAt,
          version: 1,
          created_by: identity.userId,
          created_at: now,
          updated_at: now,
        };
        try {
          // count, then insert, with the workspace row locked: concurrent saves never pass either cap
          await db.transaction().execute(async (tx) => {
            await lockWorkspace(tx, identity.workspaceId);
            if ((await countOwnerRows(tx, scope, identity.userId, identity.workspaceId)) >= ownerCap) throw ownerCapReached(scope, ownerCap);
            if ((await countWorkspaceRows(tx, identity.workspaceId)) >= config.maxCloudAccessRows) {
              throw errors.limitReached(
                'FOYER_MAX_CLOUD_ACCESS_ROWS',
                config.maxCloudAccessRows,
                `Workspace "${identity.workspaceName}" already has ${config.maxCloudAccessRows} cloud access rows, its maximum; delete rows no longer used, or ask the server's administrator to raise FOYER_MAX_CLOUD_ACCESS_ROWS`,
              );
            }
            await insertRow(tx, row);
            await recordEvent(tx, ctx, { kind: 'cloud_access.added', actor: identity.userId, workspace: identity.workspaceId, target: bucketName(row), details: { provider: row.provider, scope: row.scope, row: row.id } });
          });
        } catch (error) {
          if (isUniqueViolation(error)) throw duplicate(settings);
          throw error;
        }
        return { row: present(row, secrets, true), created: true, ...(region.check ? { region_check: region.check } : {}) };
      }

      const row = await rowToManage(ctx, givenId, 'cloud_access.update');
      if (givenScope !== undefined && givenScope !== row.scope) throw errors.invalidField('scope', "a row's scope cannot change; add a new row and delete this one");
      const stored = openSecrets(key, row);
      if (!stored && input.secret === undefined && input.service_account_json === undefined) {
        throw errors.invalidField('secret', "the stored secret of this row can no longer be decrypted (the server's master key changed); enter it again");
      }
      const { settings, secrets } = planRow(input, { settings: settingsOf(row), secrets: stored ?? {} });
      const before = settingsOf(row);
      const sameBucket = before.provider === settings.provider && before.bucket === settings.bucket && before.endpoint === settings.endpoint;
      const region = await lookUpRegion(services, settings, now);
      // a failed lookup keeps what an earlier save of the same bucket learned
      const keep = sameBucket && region.detected === null && region.checkedAt !== null;
      const values = {
        ...columnsOf(settings),
        secrets: sealSecrets(key, row.id, secrets),
        match_key: matchKey(row.scope, row.user_id, settings),
        detected_region: keep ? row.detected_region : region.detected,
        region_checked_at: keep ? (row.region_checked_at ?? region.checkedAt) : region.checkedAt,
        updated_at: now,
      };
      let written: boolean;
      try {
        written = await updateRow(db, row.id, row.version, values);
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicate(settings);
        throw error;
      }
      if (!written) throw errors.badRequest('This row was changed or deleted meanwhile (in another tab, or by someone else); reload and try again');
      services.signers.forgetRow(row.id);
      await recordEvent(db, ctx, { kind: 'cloud_access.changed', actor: identity.userId, workspace: identity.workspaceId, target: bucketName({ ...row, ...values }), details: { provider: values.provider, scope: row.scope, row: row.id, secret_replaced: input.secret !== undefined || input.service_account_json !== undefined } });
      return { row: present({ ...row, ...values, version: row.version + 1 }, secrets, true), created: false, ...(region.check ? { region_check: region.check } : {}) };
    },
  }),

  defineEndpoint({
    name: 'storage_access.delete',
    auth: 'required',
    changesState: true,
    async handle(ctx, params) {
      const row = await rowToManage(ctx, checkId(params.id), 'cloud_access.delete');
      const deleted = await deleteRow(ctx.services.db, row.id);
      ctx.services.signers.forgetRow(row.id);
      if (deleted) await recordEvent(ctx.services.db, ctx, { kind: 'cloud_access.removed', actor: ctx.identity.userId, workspace: ctx.identity.workspaceId, target: bucketName(row), details: { provider: row.provider, scope: row.scope, row: row.id } });
      return { deleted: deleted ? 1 : 0 };
    },
  }),

  defineEndpoint({
    name: 'storage_access.sign_urls',
    auth: 'required',
    // it reads nothing a page could not read anyway, but it hands out access: refuse it from another site too
    changesState: true,
    authorize: 'cloud_access.sign_urls',
    async handle(ctx, params) {
      const { services, identity } = ctx;
      if (params.urls.length > MAX_URLS_PER_CALL) throw errors.invalidField('urls', `at most ${MAX_URLS_PER_CALL} URLs per call (${params.urls.length} given); split the list`);
      if (params.test && params.urls.length !== 1) throw errors.invalidField('test', 'a test signs exactly one URL');
      const results = await signUrls(services, identity, params.urls);
      const tested = params.test ? results[0] : undefined;
      // a URL that names no bucket tested nothing
      if (tested && !('reason' in tested && tested.reason === 'malformed_url')) {
        // the URL without its query, which may hold a signature (an Azure SAS) a person pasted
        const outcome: AuditDetails = 'signed_url' in tested ? { outcome: 'signed', row: tested.row } : { outcome: tested.reason };
        await recordEvent(services.db, ctx, { kind: 'cloud_access.tested', actor: identity.userId, workspace: identity.workspaceId, target: tested.url.split(/[?#]/)[0], details: outcome });
      }
      return { results };
    },
  }),
];
