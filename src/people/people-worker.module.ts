import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { ResumePreviewRetention } from './changes/resume-preview-retention';
import { PeopleRefreshHandler } from './incremental/people-refresh.handler';
import { PeopleRefreshTap } from './incremental/people-refresh.tap';
import { PeopleModule } from './people.module';
import { PeopleFullSyncHandler } from './sync/people-full-sync.handler';
import { PeopleSyncSchedule } from './sync/people-sync-schedule';

/**
 * Worker role: the full sync's handler and schedule; contact re-reads from webhooks (a routing tap); the
 * pruning of old resume previews posted in Discord.
 */
@Module({
  imports: [PeopleModule, RoutingModule],
  providers: [
    PeopleFullSyncHandler,
    PeopleSyncSchedule,
    PeopleRefreshTap,
    PeopleRefreshHandler,
    ResumePreviewRetention,
  ],
})
export class PeopleWorkerModule {}
