import { Module } from '@nestjs/common';
import { EnrichmentModule } from '../webhooks/enrichment/enrichment.module';
import { RoutingModule } from './routing.module';
import { HttpForwardHandler } from './forward/http-forward.handler';
import { EventRouter } from './router/event-router';
import { RoutingService } from './routing.service';
import { WebhookRouteHandler } from './webhook-route.handler';

/** Worker role: the batch router, the webhook.route and http.forward handlers (enrichment runs before routing). */
@Module({
  imports: [RoutingModule, EnrichmentModule],
  providers: [RoutingService, EventRouter, WebhookRouteHandler, HttpForwardHandler],
})
export class RoutingWorkerModule {}
