// Workers and queues of the signed-in workspace: every member's agents may register, report and poll there.
import { policy, signedIn } from './core.ts';

export const agentPolicy = policy('agent').allow(
  ['register_worker', 'report_status', 'unregister_worker', 'list_workers', 'list_queues', 'create_queue', 'poll_queue'],
  signedIn,
);
