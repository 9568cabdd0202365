import { Module, OnModuleInit } from '@nestjs/common';
import { QueueModule } from '../platform/queue/queue.module';
import { MoreSources } from '../webhooks/sources/more-sources';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { SyncRuns } from './runs/sync-runs';
import { syncRunQueue } from './runs/sync-run.queue';
import { SyncCredentials } from './sources/sync-credentials';
import { SyncSourcesService } from './sources/sync-sources.service';

/** Every role: sync sources, their runs and the `sync.run` queue; lists them among the sources. */
@Module({
  imports: [WebhooksModule, QueueModule.forFeature([syncRunQueue])],
  providers: [SyncRuns, SyncCredentials, SyncSourcesService],
  exports: [SyncRuns, SyncCredentials, SyncSourcesService],
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
