import type { Db } from '../db/database.ts';

export async function insertQueue(
  db: Db,
  queue: { id: string; workspaceId: string; name: string; tags: string[]; systemTags: string[]; userId: string; now: number },
): Promise<void> {
  await db
    .insertInto('queues')
    .values({
      id: queue.id,
      workspace_id: queue.workspaceId,
      name: queue.name,
      tags: JSON.stringify(queue.tags),
      system_tags: JSON.stringify(queue.systemTags),
      created_by: queue.userId,
      created_at: queue.now,
    })
    .execute();
}

export async function listQueues(db: Db, workspaceId: string, filter: { name?: string; ids?: string[] }) {
  let query = db.selectFrom('queues').selectAll().where('workspace_id', '=', workspaceId).orderBy('name', 'asc');
  if (filter.name !== undefined) query = query.where('name', '=', filter.name);
  if (filter.ids) query = query.where('id', 'in', filter.ids.length > 0 ? filter.ids : ['']);
  return query.execute();
}

export async function findQueue(db: Db, workspaceId: string, id: string) {
  return db.selectFrom('queues').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function countQueues(db: Db, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('queues').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(row.n);
}
