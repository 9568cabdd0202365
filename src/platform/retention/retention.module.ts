import { Global, Module } from '@nestjs/common';
import { RecordRetention } from './record-retention';
import { RetentionTasks } from './retention-tasks';

/** Every role: where features register what the hourly prune deletes. */
@Global()
@Module({ providers: [RetentionTasks, RecordRetention], exports: [RetentionTasks] })
export class RetentionModule {}
