import { Module } from '@nestjs/common';
import { RoutingModule } from './routing.module';
import { RoutingService } from './routing.service';
import { WebhookRouteHandler } from './webhook-route.handler';

/** Worker role: the webhook.route handler. */
@Module({ imports: [RoutingModule], providers: [RoutingService, WebhookRouteHandler] })
export class RoutingWorkerModule {}
