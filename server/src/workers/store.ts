import { locksRows, type Db } from '../db/database.ts';
import { errors } from '../http/errors.ts';
import { lockWorkspace } from '../workspaces/store.ts';

/**
 * How long a worker that unregistered stays gone whatever status reports still arrive for it (clearml-agent's
 * reporting thread can send one just after the daemon unregisters). workers.register always brings it back.
 */
const WORKER_DEPARTURE_GRACE_MS = 60 * 1000;

/** A worker that has not reported for this long is gone (the agent reports every few seconds). */
export const WORKER_TIMEOUT_MS = 10 * 60 * 1000;

export interface WorkerUpdate {
  workspaceId: string;
  workerId: string;
  userId: string;
  now: number;
  queues?: string[];
  tags?: string[];
  report?: unknown;
}

async function upsertWorker(db: Db, update: WorkerUpdate): Promise<void> {
  const changes = {
    user_id: update.userId,
    last_activity_at: update.now,
    ...(update.queues ? { queues: JSON.stringify(update.queues) } : {}),
    ...(update.tags ? { tags: JSON.stringify(update.tags) } : {}),
    ...(update.report !== undefined ? { last_report: JSON.stringify(update.report) } : {}),
  };
  await db
    .insertInto('workers')
    .values({
      workspace_id: update.workspaceId,
      id: update.workerId,
      user_id: update.userId,
      queues: JSON.stringify(update.queues ?? []),
      tags: JSON.stringify(update.tags ?? []),
      registered_at: update.now,
      last_activity_at: update.now,
      last_report: update.report !== undefined ? JSON.stringify(update.report) : null,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'id']).doUpdateSet(changes))
    .execute();
}

/**
 * The cap on workers per workspace (FOYER_MAX_WORKERS): a worker that reported within the timeout keeps going;
 * a new one (or one back after the timeout) is admitted only while fewer than `max` others are active. The count
 * runs with the workspace row locked (PostgreSQL), so that concurrent newcomers never pass the cap; a worker
 * already active takes no workspace lock, so reports of running agents never wait on each other.
 */
async function admitWorker(tx: Db, update: WorkerUpdate, max: number): Promise<void> {
  const activeSince = update.now - WORKER_TIMEOUT_MS;
  const known = await tx
    .selectFrom('workers')
    .select('id')
    .where('workspace_id', '=', update.workspaceId)
    .where('id', '=', update.workerId)
    .where('last_activity_at', '>=', activeSince)
    .executeTakeFirst();
  if (known) return;
  await lockWorkspace(tx, update.workspaceId);
  const row = await tx
    .selectFrom('workers')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('workspace_id', '=', update.workspaceId)
    .where('id', '!=', update.workerId)
    .where('last_activity_at', '>=', activeSince)
    .executeTakeFirstOrThrow();
  if (Number(row.n) >= max) {
    throw errors.limitReached(
      'FOYER_MAX_WORKERS',
      max,
      `This workspace already has ${max} workers reporting, its maximum; stop one (clearml-agent daemon --stop) or wait until one has been silent for ${WORKER_TIMEOUT_MS / 60_000} minutes, or ask the server's administrator to raise FOYER_MAX_WORKERS`,
    );
  }
}

/** workers.register: the worker is (again) here, whenever it last left. */
export async function registerWorker(db: Db, update: WorkerUpdate, maxWorkers: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (locksRows(tx)) {
      await tx.selectFrom('workers').select('id').where('workspace_id', '=', update.workspaceId).where('id', '=', update.workerId).forUpdate().execute();
    }
    await admitWorker(tx, update, maxWorkers);
    await tx.deleteFrom('worker_departures').where('workspace_id', '=', update.workspaceId).where('worker_id', '=', update.workerId).execute();
    await upsertWorker(tx, update);
  });
}

/**
 * workers.status_report: records the report, registering an unknown worker as the reference server does, except
 * a worker that unregistered within the grace period. On PostgreSQL the worker's row is locked first, so a report
 * racing an unregister waits for it and then sees its departure.
 */
export async function reportWorkerStatus(db: Db, update: WorkerUpdate, maxWorkers: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (locksRows(tx)) {
      await tx.selectFrom('workers').select('id').where('workspace_id', '=', update.workspaceId).where('id', '=', update.workerId).forUpdate().execute();
    }
    const departed = await tx
      .selectFrom('worker_departures')
      .select('departed_at')
      .where('workspace_id', '=', update.workspaceId)
      .where('worker_id', '=', update.workerId)
      .where('departed_at', '>', update.now - WORKER_DEPARTURE_GRACE_MS)
      .executeTakeFirst();
    if (departed) return;
    await admitWorker(tx, update, maxWorkers);
    await upsertWorker(tx, update);
  });
}

/** workers.unregister: removes the worker and remembers that it left. Returns how many workers were removed. */
export async function unregisterWorker(db: Db, workspaceId: string, workerId: string, now: number): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const result = await tx.deleteFrom('workers').where('workspace_id', '=', workspaceId).where('id', '=', workerId).executeTakeFirst();
    const removed = Number(result.numDeletedRows);
    if (removed > 0) {
      await tx.deleteFrom('worker_departures').where('departed_at', '<=', now - WORKER_DEPARTURE_GRACE_MS).execute();
      await tx
        .insertInto('worker_departures')
        .values({ workspace_id: workspaceId, worker_id: workerId, departed_at: now })
        .onConflict((oc) => oc.columns(['workspace_id', 'worker_id']).doUpdateSet({ departed_at: now }))
        .execute();
    }
    return removed;
  });
}

export async function listWorkers(db: Db, workspaceId: string, activeSince: number) {
  return db
    .selectFrom('workers as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .innerJoin('workspaces as w', 'w.id', 'k.workspace_id')
    .select(['k.id', 'k.user_id', 'u.name as user_name', 'k.workspace_id', 'w.name as workspace_name', 'k.queues', 'k.tags', 'k.registered_at', 'k.last_activity_at', 'k.last_report'])
    .where('k.workspace_id', '=', workspaceId)
    .where('k.last_activity_at', '>=', activeSince)
    .orderBy('k.id', 'asc')
    .execute();
}
