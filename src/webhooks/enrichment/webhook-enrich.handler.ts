import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import type { QueueJob } from '../../platform/queue/queue-job';
import { EventEnrichmentService } from './event-enrichment.service';
import { webhookEnrichQueue, WebhookEnrichPayload } from './webhook-enrich.queue';

@Injectable()
export class WebhookEnrichHandler {
  constructor(private readonly enrichment: EventEnrichmentService) {}

  @JobHandler(webhookEnrichQueue)
  enrich(job: QueueJob<WebhookEnrichPayload>) {
    return this.enrichment.enrichThenRoute(job);
  }
}
