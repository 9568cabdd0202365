import { Injectable } from '@nestjs/common';
import { JobHandler } from '../platform/queue/job-handler.decorator';
import { EnrichmentGate } from '../webhooks/enrichment/enrichment-gate';
import type { QueueJob } from '../platform/queue/queue-job';
import { RoutingService } from './routing.service';
import { webhookRouteQueue, WebhookRoutePayload } from './webhook-route.queue';

@Injectable()
export class WebhookRouteHandler {
  constructor(
    private readonly routing: RoutingService,
    private readonly enrichment: EnrichmentGate,
  ) {}

  @JobHandler(webhookRouteQueue)
  async route(job: QueueJob<WebhookRoutePayload>) {
    // Events whose provider enriches them are routed by the enrich job once it is done.
    const deferred = await this.enrichment.deferIfUnenriched(job.data.eventId, job.id);
    return deferred ?? this.routing.route(job.data.eventId, job.id);
  }
}
