import { Module } from '@nestjs/common';
import { PageApplier } from './engine/page-applier';
import { SyncEngine } from './engine/sync-engine';
import { SyncState } from './engine/sync-state';
import { SyncRunHandler } from './runs/sync-run.handler';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { SyncModule } from './sync.module';

/** Worker role: the engine and the `sync.run` handler. */
@Module({
  imports: [SyncModule, WebhooksModule],
  providers: [SyncState, PageApplier, SyncEngine, SyncRunHandler],
  exports: [SyncEngine],
})
export class SyncWorkerModule {}
