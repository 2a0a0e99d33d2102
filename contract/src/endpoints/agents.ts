// What clearml-agent calls: its workers and queues (workers.*, queues.*), in the workspace of its key pair.
import { z } from 'zod';
import { endpoint } from '../endpoint.ts';
import { nonEmptyText, tagListField } from '../fields.ts';

const workerId = z.string().trim().min(1, { message: 'must not be empty' }).max(200);
const idList = z.array(z.string().max(200)).max(500);
const tagList = tagListField.nullable();

const machineStats = z
  .strictObject({
    cpu_usage: z.array(z.number()).max(1024).optional(),
    cpu_temperature: z.array(z.number()).max(1024).optional(),
    gpu_usage: z.array(z.number()).max(1024).optional(),
    gpu_temperature: z.array(z.number()).max(1024).optional(),
    gpu_memory_free: z.array(z.number()).max(1024).optional(),
    gpu_memory_used: z.array(z.number()).max(1024).optional(),
    gpu_fraction: z.array(z.number()).max(1024).optional(), // clearml-agent 3.x on machines with fractional GPUs
    memory_used: z.number().optional(),
    memory_free: z.number().optional(),
    network_tx: z.number().optional(),
    network_rx: z.number().optional(),
    disk_free_home: z.number().optional(),
    disk_free_temp: z.number().optional(),
    disk_read: z.number().optional(),
    disk_write: z.number().optional(),
  })
  .nullable();

export const agentEndpoints = {
  'workers.register': endpoint(
    'An agent announces a worker and the queues it listens to.',
    z.strictObject({ worker: workerId, queues: idList.nullable().optional(), tags: tagList.optional(), system_tags: tagList.optional(), timeout: z.number().int().min(0).optional() }),
  ),
  'workers.status_report': endpoint(
    "An agent reports a worker's state and machine statistics.",
    z.strictObject({
      worker: workerId,
      timestamp: z.number().int().min(0),
      machine_stats: machineStats.optional(),
      task: z.string().max(200).nullable().optional(),
      queue: z.string().max(200).nullable().optional(),
      queues: idList.nullable().optional(),
      tags: tagList.optional(),
      system_tags: tagList.optional(),
      // clearml-agent 3.x says whether it runs as a daemon; every worker Foyer lists is one it has seen report
      is_daemon: z.boolean().optional(),
    }),
  ),
  'workers.unregister': endpoint('An agent takes a worker away.', z.strictObject({ worker: workerId, queues: idList.nullable().optional() })),
  'workers.get_all': endpoint(
    "The workspace's workers seen lately.",
    z.strictObject({ last_seen: z.number().int().min(0).optional(), tags: tagList.optional(), system_tags: tagList.optional() }),
  ),
  'queues.get_all': endpoint(
    "The workspace's queues, by exact name or id.",
    z.strictObject({
      name: z.string().max(400).optional(),
      id: z.array(z.string().max(64)).max(500).optional(),
      only_fields: z.array(z.string().max(64)).max(20).optional(),
      search_hidden: z.boolean().optional(),
      tags: tagListField.optional(),
      system_tags: tagListField.optional(),
    }),
  ),
  'queues.create': endpoint('Creates a queue in the workspace.', z.strictObject({ name: nonEmptyText(200), tags: tagListField.optional(), system_tags: tagListField.optional() })),
  'queues.get_next_task': endpoint(
    'What an agent asks for its next task: Foyer runs no tasks, so never one.',
    z.strictObject({ queue: z.string().min(1).max(64), get_task_info: z.boolean().optional(), task: z.string().max(64).optional() }),
  ),
};
