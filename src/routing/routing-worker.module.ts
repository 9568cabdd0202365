import { Module } from '@nestjs/common';
import { RoutingModule } from './routing.module';
import { HttpForwardHandler } from './forward/http-forward.handler';
import { RoutingService } from './routing.service';
import { WebhookRouteHandler } from './webhook-route.handler';

/** Worker role: the webhook.route and http.forward handlers. */
@Module({ imports: [RoutingModule], providers: [RoutingService, WebhookRouteHandler, HttpForwardHandler] })
export class RoutingWorkerModule {}
