import { Module, OnModuleInit } from '@nestjs/common';
import { QueueModule } from '../platform/queue/queue.module';
import { MoreSources } from '../webhooks/sources/more-sources';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { pruneSyncRunsQueue } from './runs/prune-sync-runs.queue';
import { SyncPushRequests } from './runs/sync-push-requests';
import { SyncRuns } from './runs/sync-runs';
import { syncRunQueue } from './runs/sync-run.queue';
import { SyncCredentials } from './sources/sync-credentials';
import { SyncSourcesService } from './sources/sync-sources.service';

/** Every role: sync sources, their runs and the `sync.run` and `sync.prune` queues; lists them among the sources. */
@Module({
  imports: [WebhooksModule, QueueModule.forFeature([syncRunQueue, pruneSyncRunsQueue])],
  providers: [SyncRuns, SyncCredentials, SyncSourcesService, SyncPushRequests],
  exports: [SyncRuns, SyncCredentials, SyncSourcesService, SyncPushRequests],
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
