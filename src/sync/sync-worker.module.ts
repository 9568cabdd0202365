import { Module } from '@nestjs/common';
import { GoogleAccessModule } from '../integrations/google/access/google-access.module';
import { PageApplier } from './engine/page-applier';
import { SyncEngine } from './engine/sync-engine';
import { SyncRunReports } from './runs/sync-run-reports';
import { SyncState } from './engine/sync-state';
import { PruneSyncRunsHandler } from './runs/prune-sync-runs.handler';
import { PushRuns } from './runs/push-runs';
import { SyncRunHandler } from './runs/sync-run.handler';
import { SyncTombstoneRetention } from './retention/sync-tombstone-retention';
import { RoutingModule } from '../routing/routing.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { GmailPushTap } from './gmail/gmail-push.tap';
import { GmailWatchHandler } from './gmail/gmail-watch.handler';
import { SyncModule } from './sync.module';
import { CalendarPushTap } from './google-calendar/calendar-push.tap';
import { GoogleCalendarSyncModule } from './google-calendar/google-calendar-sync.module';
import { RenewCalendarWatchesHandler } from './google-calendar/renew-calendar-watches.handler';

/**
 * Worker role: the engine, the `sync.run` handler, the hourly pruning of old runs and tombstones,
 * Google Calendar pushes turned into runs (a routing tap) and the hourly renewal of watch channels,
 * Gmail's push tap (a push is "sync now") and the daily renewal of Gmail watches.
 */
@Module({
  imports: [SyncModule, WebhooksModule, GoogleAccessModule, GoogleCalendarSyncModule, RoutingModule],
  providers: [
    SyncState,
    PageApplier,
    SyncEngine,
    SyncRunHandler,
    PruneSyncRunsHandler,
    SyncRunReports,
    SyncTombstoneRetention,
    PushRuns,
    CalendarPushTap,
    RenewCalendarWatchesHandler,
    GmailPushTap,
    GmailWatchHandler,
  ],
  exports: [SyncEngine],
})
export class SyncWorkerModule {}
