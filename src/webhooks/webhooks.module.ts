import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule } from '../platform/queue/queue.module';
import { SecretBox } from '../platform/security/secret-box';
import { RoutingModule } from '../routing/routing.module';
import { EnrichmentModule } from './enrichment/enrichment.module';
import { WebhookEventsService } from './events/webhook-events.service';
import { InboxWriter } from './inbox/inbox-writer';
import { WebhookEvent } from './inbox/webhook-event.entity';
import { WebhookInbox } from './inbox/webhook-inbox';
import { bulkReplayQueue } from './replay/bulk-replay.queue';
import { BulkReplaysService } from './replay/bulk-replays.service';
import { pruneEventsQueue } from './retention/prune-events.queue';
import { MoreSources } from './sources/more-sources';
import { secretBoxProvider } from './sources/secret-box.provider';
import { WebhookSourceRecord } from './sources/webhook-source.entity';
import { WebhookSources } from './sources/webhook-sources';
import { WebhookSourcesService } from './sources/webhook-sources.service';

/** Every role: sources, the inbox, reading and replaying events, and the webhook queues. */
@Module({
  imports: [
    RoutingModule,
    EnrichmentModule,
    TypeOrmModule.forFeature([WebhookEvent, WebhookSourceRecord]),
    QueueModule.forFeature([bulkReplayQueue, pruneEventsQueue]),
  ],
  providers: [
    secretBoxProvider,
    WebhookSources,
    WebhookSourcesService,
    InboxWriter,
    WebhookInbox,
    WebhookEventsService,
    BulkReplaysService,
    MoreSources,
  ],
  exports: [
    MoreSources,
    SecretBox,
    WebhookSources,
    WebhookSourcesService,
    InboxWriter,
    WebhookInbox,
    WebhookEventsService,
    BulkReplaysService,
  ],
})
export class WebhooksModule {}
