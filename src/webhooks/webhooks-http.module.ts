import { Module } from '@nestjs/common';
import { EventsController } from './events/events.controller';
import { IngestRejections } from './ingest/rejections';
import { RejectionsController } from './ingest/rejections.controller';
import { WebhookIngestController } from './ingest/webhook-ingest.controller';
import { WebhookIngestService } from './ingest/webhook-ingest.service';
import { EnvSourceSeeder } from './sources/env-source-seeder';
import { SourcesController } from './sources/sources.controller';
import { WebhooksModule } from './webhooks.module';

/**
 * api role: ingest and the admin API. The admin controllers come first so their fixed paths
 * (`/webhooks/sources`, …) are matched before the ingest route's `/webhooks/:source`.
 */
@Module({
  imports: [WebhooksModule],
  controllers: [SourcesController, EventsController, RejectionsController, WebhookIngestController],
  providers: [WebhookIngestService, IngestRejections, EnvSourceSeeder],
  exports: [IngestRejections],
})
export class WebhooksHttpModule {}
