import { Module } from '@nestjs/common';
import { BulkReplayHandler } from './replay/bulk-replay.handler';
import { EventRetentionService } from './retention/event-retention.service';
import { PruneEventsHandler } from './retention/prune-events.handler';
import { WebhooksModule } from './webhooks.module';

/** Worker role: bulk replays and retention. */
@Module({ imports: [WebhooksModule], providers: [BulkReplayHandler, EventRetentionService, PruneEventsHandler] })
export class WebhooksWorkerModule {}
