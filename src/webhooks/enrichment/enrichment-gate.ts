import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../../platform/queue/job-queue';
import type { RoutableEvent } from '../../routing/rule-store/formattable-event';
import { webhookProviders } from '../providers/provider-registry';
import { webhookEnrichQueue } from './webhook-enrich.queue';

/** How an event was routed when it was handed over to enrichment first. */
export interface DeferredRouting {
  eventId: string;
  eventType: string;
  deferredTo: 'webhook.enrich';
  enrichJobId: string;
}

/**
 * Checked before routing: an event whose provider enriches it and that has no enrichment outcome
 * yet is not routed now; an enrich job is enqueued instead (one per routing, so a retry finds the
 * same one), and that job routes the event when done. An event with an outcome, enriched or
 * failed, routes on what is stored: replays never refetch.
 */
@Injectable()
export class EnrichmentGate {
  constructor(private readonly jobs: JobQueue) {}

  needsEnrichment(event: RoutableEvent): boolean {
    if (event.enrichment) return false;
    return webhookProviders.get(event.provider)?.enricher?.appliesTo(event.type) ?? false;
  }

  /** Enqueues the enrich job inside the routing transaction. */
  async defer(manager: EntityManager, event: RoutableEvent, routeJobId: string): Promise<DeferredRouting> {
    const job = await this.jobs.send(
      webhookEnrichQueue,
      { eventId: event.id, routeJobId },
      { idempotencyKey: routeJobId, transaction: manager.queryRunner! },
    );
    return { eventId: event.id, eventType: event.type, deferredTo: 'webhook.enrich', enrichJobId: job.id };
  }
}
