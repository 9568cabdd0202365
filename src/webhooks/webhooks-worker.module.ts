import { Module } from '@nestjs/common';
import { EventEnrichmentService } from './enrichment/event-enrichment.service';
import { WebhookEnrichHandler } from './enrichment/webhook-enrich.handler';
import { BulkReplayHandler } from './replay/bulk-replay.handler';
import { EventRetentionService } from './retention/event-retention.service';
import { PruneEventsHandler } from './retention/prune-events.handler';
import { WebhooksModule } from './webhooks.module';

/** Worker role: bulk replays, retention and enrichment. */
@Module({
  imports: [WebhooksModule],
  providers: [
    BulkReplayHandler,
    EventRetentionService,
    PruneEventsHandler,
    EventEnrichmentService,
    WebhookEnrichHandler,
  ],
})
export class WebhooksWorkerModule {}
