import { Module } from '@nestjs/common';
import { EnrichmentModule } from '../webhooks/enrichment/enrichment.module';
import { RoutingModule } from './routing.module';
import { RoutingService } from './routing.service';
import { WebhookRouteHandler } from './webhook-route.handler';

/** Worker role: the webhook.route handler. */
@Module({ imports: [RoutingModule, EnrichmentModule], providers: [RoutingService, WebhookRouteHandler] })
export class RoutingWorkerModule {}
