import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue } from '../../platform/queue/job-queue';
import { webhookProviders } from '../providers/provider-registry';
import { webhookEnrichQueue } from './webhook-enrich.queue';

/** The result of a routing job that handed its event over to enrichment. */
export interface DeferredRouting {
  eventId: string;
  eventType: string;
  deferredTo: 'webhook.enrich';
  enrichJobId: string;
}

/**
 * Checked by `webhook.route` before routing: an event whose provider enriches it and that has no
 * enrichment outcome yet is not routed now; an enrich job is enqueued instead (one per routing
 * job, so a retried routing job finds the same one), and that job routes the event when done.
 * An event with an outcome, enriched or failed, routes on what is stored: replays never refetch.
 */
@Injectable()
export class EnrichmentGate {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  async deferIfUnenriched(eventId: string, routeJobId: string): Promise<DeferredRouting | undefined> {
    const [event] = await this.dataSource.query<{ provider: string; event_type: string; outcome: string | null }[]>(
      'SELECT provider, event_type, enrichment_status AS outcome FROM webhook_events WHERE id = $1',
      [eventId],
    );
    if (!event || event.outcome !== null) return undefined;
    if (!webhookProviders.get(event.provider)?.enricher?.appliesTo(event.event_type)) return undefined;
    const job = await this.jobs.send(webhookEnrichQueue, { eventId, routeJobId }, { idempotencyKey: routeJobId });
    return { eventId, eventType: event.event_type, deferredTo: 'webhook.enrich', enrichJobId: job.id };
  }
}
