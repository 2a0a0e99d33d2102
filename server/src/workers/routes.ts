// Enough of the workers service for clearml-agent: registration, status reports, and `clearml-agent list`.
import { defineEndpoint, type AuthedContext } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { isoTime } from '../shared/time.ts';
import { checkTagLists } from '../queues/tags.ts';
import { listWorkers, registerWorker, reportWorkerStatus, unregisterWorker, WORKER_TIMEOUT_MS } from './store.ts';



/** The worker a call is about: the caller's, in the workspace they are signed into, seen now. */
function workerOf({ services, identity }: AuthedContext, workerId: string) {
  return { workspaceId: identity.workspaceId, workerId, userId: identity.userId, now: services.now() };
}

export const workerEndpoints = [
  defineEndpoint({
    name: 'workers.register',
    auth: 'required',
    changesState: true,
    authorize: 'agent.register_worker',
    async handle(ctx, params) {
      const { services } = ctx;
      checkTagLists(services.config, params);
      await registerWorker(services.db, { ...workerOf(ctx, params.worker), queues: params.queues ?? [], tags: params.tags ?? [] }, services.config.maxWorkers);
      return {};
    },
  }),

  defineEndpoint({
    name: 'workers.status_report',
    auth: 'required',
    changesState: true,
    authorize: 'agent.report_status',
    async handle(ctx, params) {
      const { services } = ctx;
      checkTagLists(services.config, params);
      await reportWorkerStatus(services.db, {
        ...workerOf(ctx, params.worker),
        ...(params.queues ? { queues: params.queues } : {}),
        ...(params.tags ? { tags: params.tags } : {}),
        report: { timestamp: params.timestamp, machine_stats: params.machine_stats ?? null, task: params.task ?? null },
      }, services.config.maxWorkers);
      return {};
    },
  }),

  defineEndpoint({
    name: 'workers.unregister',
    auth: 'required',
    changesState: true,
    authorize: 'agent.unregister_worker',
    async handle({ services, identity }, params) {
      const removed = await unregisterWorker(services.db, identity.workspaceId, params.worker, services.now());
      if (removed === 0) throw errors.badRequest(`No registered worker named ${params.worker} in this workspace`);
      return {};
    },
  }),

  defineEndpoint({
    name: 'workers.get_all',
    auth: 'required',
    changesState: false,
    authorize: 'agent.list_workers',
    async handle({ services, identity }, params) {
      checkTagLists(services.config, params);
      const now = services.now();
      const window = params.last_seen ? Math.min(params.last_seen * 1000, WORKER_TIMEOUT_MS) : WORKER_TIMEOUT_MS;
      const rows = await listWorkers(services.db, identity.workspaceId, now - window);
      return {
        workers: rows.map((row) => {
          const report = row.last_report ? (JSON.parse(row.last_report) as { task?: string | null }) : undefined;
          return {
            id: row.id,
            user: { id: row.user_id, name: row.user_name },
            company: { id: row.workspace_id, name: row.workspace_name },
            register_time: isoTime(row.registered_at),
            last_activity_time: isoTime(row.last_activity_at),
            last_report_time: isoTime(row.last_activity_at),
            queues: (JSON.parse(row.queues) as string[]).map((id) => ({ id, name: id })),
            tags: JSON.parse(row.tags) as string[],
            ...(report?.task ? { task: { id: report.task } } : {}),
          };
        }),
      };
    },
  }),
];
