import type { Db } from '../db/database.ts';

export interface WorkerUpdate {
  workspaceId: string;
  workerId: string;
  userId: string;
  now: number;
  queues?: string[];
  tags?: string[];
  report?: unknown;
}

export async function upsertWorker(db: Db, update: WorkerUpdate): Promise<void> {
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

export async function deleteWorker(db: Db, workspaceId: string, workerId: string): Promise<number> {
  const result = await db.deleteFrom('workers').where('workspace_id', '=', workspaceId).where('id', '=', workerId).executeTakeFirst();
  return Number(result.numDeletedRows);
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
