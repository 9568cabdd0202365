import type { EntityManager } from 'typeorm';
import type { JobQueue } from '../../platform/queue/job-queue';
import { queryRunnerDb } from '../../platform/queue/transaction-db';
import { webhookRouteQueue } from '../../routing/webhook-route.queue';

/**
 * Hands stored events to new `webhook.route` jobs (a replay), inside `manager`'s transaction: each
 * event becomes `queued` under its new routing job's id, so the router leaves it alone.
 */
export async function requeueRouting(
  manager: EntityManager,
  jobs: JobQueue,
  eventIds: string[],
): Promise<{ id: string; route_job_id: string }[]> {
  const [requeued] = await manager.query<[{ id: string; route_job_id: string }[], number]>(
    `UPDATE webhook_events SET routing_status = 'queued', routed_at = NULL, route_job_id = gen_random_uuid()
      WHERE id = ANY($1) RETURNING id, route_job_id`,
    [eventIds],
  );
  await jobs.insertMany(
    webhookRouteQueue,
    requeued.map((e) => ({ id: e.route_job_id, data: { eventId: e.id } })),
    queryRunnerDb(manager.queryRunner!),
  );
  return requeued;
}
