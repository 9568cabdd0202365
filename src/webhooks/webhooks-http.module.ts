import { Module } from '@nestjs/common';
import { WebhookIngestController } from './ingest/webhook-ingest.controller';
import { WebhooksModule } from './webhooks.module';

/** api role: the ingest endpoint. */
@Module({ imports: [WebhooksModule], controllers: [WebhookIngestController] })
export class WebhooksHttpModule {}
