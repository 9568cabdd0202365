import { Module } from '@nestjs/common';
import { GmailWatchController } from './gmail/gmail-watch.controller';
import { SyncSourcesController } from './sources/sync-sources.controller';
import { SyncModule } from './sync.module';

/** api role: the sync sources API and Gmail sources' watches. */
@Module({ imports: [SyncModule], controllers: [SyncSourcesController, GmailWatchController] })
export class SyncHttpModule {}
