import { Module } from '@nestjs/common';
import { GoogleAccessModule } from '../integrations/google/access/google-access.module';
import { PageApplier } from './engine/page-applier';
import { SyncEngine } from './engine/sync-engine';
import { SyncRunReports } from './runs/sync-run-reports';
import { SyncState } from './engine/sync-state';
import { PruneSyncRunsHandler } from './runs/prune-sync-runs.handler';
import { SyncRunHandler } from './runs/sync-run.handler';
import { SyncTombstoneRetention } from './retention/sync-tombstone-retention';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { SyncModule } from './sync.module';

/** Worker role: the engine, the `sync.run` handler and the hourly pruning of old runs and tombstones. */
@Module({
  imports: [SyncModule, WebhooksModule, GoogleAccessModule],
  providers: [
    SyncState,
    PageApplier,
    SyncEngine,
    SyncRunHandler,
    PruneSyncRunsHandler,
    SyncRunReports,
    SyncTombstoneRetention,
  ],
  exports: [SyncEngine],
})
export class SyncWorkerModule {}
