import { Module } from '@nestjs/common';
import { PeopleModule } from './people.module';
import { PeopleFullSyncHandler } from './sync/people-full-sync.handler';
import { PeopleSyncSchedule } from './sync/people-sync-schedule';

/** Worker role: the full sync's handler and schedule. */
@Module({
  imports: [PeopleModule],
  providers: [PeopleFullSyncHandler, PeopleSyncSchedule],
})
export class PeopleWorkerModule {}
