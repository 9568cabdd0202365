import { Module } from '@nestjs/common';
import { PeopleModule } from './people.module';
import { PeopleSyncController } from './sync/people-sync.controller';

/** Api role: the people and sync routes. */
@Module({
  imports: [PeopleModule],
  controllers: [PeopleSyncController],
})
export class PeopleHttpModule {}
