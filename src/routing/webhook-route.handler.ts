import { Injectable } from '@nestjs/common';
import { JobHandler } from '../platform/queue/job-handler.decorator';
import type { QueueJob } from '../platform/queue/queue-job';
import { RoutingService } from './routing.service';
import { webhookRouteQueue, WebhookRoutePayload } from './webhook-route.queue';

@Injectable()
export class WebhookRouteHandler {
  constructor(private readonly routing: RoutingService) {}

  @JobHandler(webhookRouteQueue)
  route(job: QueueJob<WebhookRoutePayload>) {
    return this.routing.route(job.data.eventId, job.id);
  }
}
