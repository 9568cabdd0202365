import { Module } from '@nestjs/common';
import { QueueModule } from '../platform/queue/queue.module';
import { PeopleDirectory } from './directory/people-directory';
import { PeopleLookup } from './directory/people-lookup';
import { peopleFullSyncQueue, peopleRefreshQueue } from './sync/people-sync.queues';
import { PeopleSyncService } from './sync/people-sync.service';

/** Every role: the people queues (so any role may ask for a sync), the sync service and the directory. */
@Module({
  imports: [QueueModule.forFeature([peopleFullSyncQueue, peopleRefreshQueue])],
  providers: [PeopleSyncService, PeopleDirectory, PeopleLookup],
  exports: [PeopleSyncService, PeopleDirectory, PeopleLookup],
})
export class PeopleModule {}
