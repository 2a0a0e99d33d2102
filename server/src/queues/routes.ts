// The few queues calls clearml-agent makes before it registers: find or create its queue, then poll it.
// Foyer runs no tasks, so a queue is always empty.
import { defineEndpoint } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { isUniqueViolation } from '../db/database.ts';
import { newId } from '../shared/ids.ts';
import { isoTime } from '../shared/time.ts';
import { lockWorkspace } from '../workspaces/store.ts';
import { countQueues, findQueue, insertQueue, listQueues } from './store.ts';
import { checkTagLists } from './tags.ts';

/**
 * Pure rule: the agent filters by `re.escape(name)`. Foyer matches a queue's exact name and accepts
 * regular-expression escapes in it, not patterns (a pattern from a client is never run).
 */
export function literalQueueName(filter: string): string {
  return filter.replace(/\\(.)/g, '$1');
}

export const queueEndpoints = [
  defineEndpoint({
    name: 'queues.get_all',
    auth: 'required',
    changesState: false,
    authorize: 'agent.list_queues',
    async handle({ services, identity }, params) {
      checkTagLists(services.config, params);
      const rows = await listQueues(services.db, identity.workspaceId, {
        ...(params.name !== undefined ? { name: literalQueueName(params.name) } : {}),
        ...(params.id ? { ids: params.id } : {}),
      });
      const queues = rows.map((row) => ({
        id: row.id,
        name: row.name,
        tags: JSON.parse(row.tags) as string[],
        system_tags: JSON.parse(row.system_tags) as string[],
        created: isoTime(row.created_at),
        user: row.created_by,
        company: row.workspace_id,
        entries: [],
      }));
      const only = params.only_fields;
      return { queues: only ? queues.map((q) => Object.fromEntries(Object.entries(q).filter(([key]) => key === 'id' || only.includes(key)))) : queues };
    },
  }),

  defineEndpoint({
    name: 'queues.create',
    auth: 'required',
    changesState: true,
    authorize: 'agent.create_queue',
    async handle({ services, identity }, params) {
      checkTagLists(services.config, params);
      const id = newId();
      const max = services.config.maxQueues;
      try {
        // count, then insert, with the workspace row locked: concurrent creates never pass the cap
        await services.db.transaction().execute(async (tx) => {
          await lockWorkspace(tx, identity.workspaceId);
          if ((await countQueues(tx, identity.workspaceId)) >= max) {
            throw errors.limitReached(
              'FOYER_MAX_QUEUES',
              max,
              `This workspace has reached its maximum of ${max} queues; use one of its existing queues, or ask the server's administrator to raise FOYER_MAX_QUEUES`,
            );
          }
          await insertQueue(tx, {
            id,
            workspaceId: identity.workspaceId,
            name: params.name,
            tags: params.tags ?? [],
            systemTags: params.system_tags ?? [],
            userId: identity.userId,
            now: services.now(),
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw errors.alreadyExists(`A queue named ${params.name} already exists in this workspace`);
        throw error;
      }
      return { id };
    },
  }),

  defineEndpoint({
    name: 'queues.get_next_task',
    auth: 'required',
    changesState: false,
    authorize: 'agent.poll_queue',
    async handle({ services, identity }, params) {
      if (!(await findQueue(services.db, identity.workspaceId, params.queue))) throw errors.badRequest(`No queue with id ${params.queue} in this workspace`);
      return {};
    },
  }),
];
