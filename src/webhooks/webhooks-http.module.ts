import { Module } from '@nestjs/common';
import { EventsController } from './events/events.controller';
import { IngestRejections } from './ingest/rejections';
import { RejectionsController } from './ingest/rejections.controller';
import { IngestEndpoint } from './ingest/ingest-endpoint';
import { IngestLimits } from './ingest/ingest-limits';
import { WebhookIngestService } from './ingest/webhook-ingest.service';
import { EnvSourceSeeder } from './sources/env-source-seeder';
import { SourcesController } from './sources/sources.controller';
import { WebhooksModule } from './webhooks.module';

/**
 * api role: ingest and the admin API. Deliveries are served ahead of Nest by `IngestEndpoint`
 * (attached to the HTTP server at boot); the admin API's controllers are ordinary Nest routes.
 */
@Module({
  imports: [WebhooksModule],
  controllers: [SourcesController, EventsController, RejectionsController],
  providers: [WebhookIngestService, IngestEndpoint, IngestLimits, IngestRejections, EnvSourceSeeder],
  exports: [IngestRejections],
})
export class WebhooksHttpModule {}
