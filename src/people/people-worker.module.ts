import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { SyncModule } from '../sync/sync.module';
import { HubspotPeopleHandler } from './hubspot/hubspot-people.handler';
import { HubspotPeopleTap } from './hubspot/hubspot-people.tap';
import { PeopleRefreshHandler } from './incremental/people-refresh.handler';
import { PeopleRefreshTap } from './incremental/people-refresh.tap';
import { PeopleModule } from './people.module';
import { PeopleFullSyncHandler } from './sync/people-full-sync.handler';
import { PeopleSyncSchedule } from './sync/people-sync-schedule';

/**
 * Worker role: the full sync's handler and schedule; contact re-reads from webhooks (a routing tap);
 * HubSpot contact events of people-feeding sync sources into the cache (another tap).
 */
@Module({
  imports: [PeopleModule, RoutingModule, SyncModule],
  providers: [
    PeopleFullSyncHandler,
    PeopleSyncSchedule,
    PeopleRefreshTap,
    PeopleRefreshHandler,
    HubspotPeopleTap,
    HubspotPeopleHandler,
  ],
})
export class PeopleWorkerModule {}
