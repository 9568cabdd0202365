import { Module } from '@nestjs/common';
import { QueueModule } from '../platform/queue/queue.module';
import { peopleFullSyncQueue, peopleRefreshQueue } from './sync/people-sync.queues';
import { PeopleSyncService } from './sync/people-sync.service';

/** Every role: the people queues (so any role may ask for a sync) and the sync service. */
@Module({
  imports: [QueueModule.forFeature([peopleFullSyncQueue, peopleRefreshQueue])],
  providers: [PeopleSyncService],
  exports: [PeopleSyncService],
})
export class PeopleModule {}
