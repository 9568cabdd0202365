import { Module, OnModuleInit } from '@nestjs/common';
import { GoogleAccessModule } from '../integrations/google/access/google-access.module';
import { QueueModule } from '../platform/queue/queue.module';
import { MoreSources } from '../webhooks/sources/more-sources';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { GmailSources } from './gmail/gmail-sources';
import { gmailWatchQueue } from './gmail/gmail-watch.queue';
import { GmailWatchService } from './gmail/gmail-watch.service';
import { GmailWatches } from './gmail/gmail-watches';
import { pruneSyncRunsQueue } from './runs/prune-sync-runs.queue';
import { SyncPushRequests } from './runs/sync-push-requests';
import { SyncRuns } from './runs/sync-runs';
import { syncRunQueue } from './runs/sync-run.queue';
import { SyncCredentials } from './sources/sync-credentials';
import { SyncSourcesService } from './sources/sync-sources.service';

/**
 * Every role: sync sources, their runs, Gmail watches and the `sync.run`, `sync.prune` and
 * `sync.gmail-watch` queues; lists them among the sources.
 */
@Module({
  imports: [
    WebhooksModule,
    GoogleAccessModule,
    QueueModule.forFeature([syncRunQueue, pruneSyncRunsQueue, gmailWatchQueue]),
  ],
  providers: [
    SyncRuns,
    SyncCredentials,
    SyncSourcesService,
    SyncPushRequests,
    GmailSources,
    GmailWatches,
    GmailWatchService,
  ],
  exports: [
    SyncRuns,
    SyncCredentials,
    SyncSourcesService,
    SyncPushRequests,
    GmailSources,
    GmailWatches,
    GmailWatchService,
  ],
})
export class SyncModule implements OnModuleInit {
  constructor(
    private readonly more: MoreSources,
    private readonly sources: SyncSourcesService,
  ) {}

  onModuleInit(): void {
    this.more.add(() => this.sources.list());
  }
}
