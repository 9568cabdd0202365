import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { PeopleRefreshHandler } from './incremental/people-refresh.handler';
import { PeopleRefreshTap } from './incremental/people-refresh.tap';
import { MailIntakeWorkerModule } from './mail-intake/mail-intake-worker.module';
import { PeopleModule } from './people.module';
import { PeopleFullSyncHandler } from './sync/people-full-sync.handler';
import { PeopleSyncSchedule } from './sync/people-sync-schedule';

/** Worker role: the full sync's handler and schedule; contact re-reads from webhooks (a routing tap); the mailbox intake's polls. */
@Module({
  imports: [PeopleModule, RoutingModule, MailIntakeWorkerModule],
  providers: [PeopleFullSyncHandler, PeopleSyncSchedule, PeopleRefreshTap, PeopleRefreshHandler],
})
export class PeopleWorkerModule {}
