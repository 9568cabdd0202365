import { Module } from '@nestjs/common';
import { QueueModule } from '../platform/queue/queue.module';
import { PeopleDirectory } from './directory/people-directory';
import { peopleFullSyncQueue, peopleRefreshQueue } from './sync/people-sync.queues';
import { PeopleSyncService } from './sync/people-sync.service';

/** Every role: the people queues (so any role may ask for a sync), the sync service and the directory. */
@Module({
  imports: [QueueModule.forFeature([peopleFullSyncQueue, peopleRefreshQueue])],
  providers: [PeopleSyncService, PeopleDirectory],
  exports: [PeopleSyncService, PeopleDirectory],
})
export class PeopleModule {}
