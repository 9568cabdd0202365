import type { JobView } from './job-view';

/** The webhook_events columns that describe a routing done by the batch router. */
export interface RouterRoutingRow {
  id: string;
  routing_status: 'pending' | 'queued' | 'routed' | 'failed';
  received_at: Date;
  routed_at: Date | null;
  router_result: unknown;
}

/**
 * The batch router's routing of an event, shown as the `webhook.route` job the ingest answer
 * named (its id is the event's): the same fields, so a client polling /jobs/<jobId> needs to know
 * nothing about the router. Queued until the router got to it; then succeeded with what it did
 * (rules matched and jobs made, or the enrichment or retry job it handed the event to).
 */
export function routerRoutingView(row: RouterRoutingRow): JobView {
  const done = row.router_result !== null;
  const at = done ? (row.routed_at ?? row.received_at).toISOString() : null;
  return {
    id: row.id,
    type: 'webhook.route',
    state: done ? 'succeeded' : 'queued',
    attempts: done ? 1 : 0,
    maxAttempts: 1,
    runAfter: row.received_at.toISOString(),
    createdAt: row.received_at.toISOString(),
    startedAt: at,
    finishedAt: at,
    data: { eventId: row.id, routedBy: 'router' },
    result: done ? row.router_result : null,
    lastError: null,
  };
}
