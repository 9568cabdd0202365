import { Module } from '@nestjs/common';
import { SyncSourcesController } from './sources/sync-sources.controller';
import { SyncModule } from './sync.module';

/** api role: the sync sources API. */
@Module({ imports: [SyncModule], controllers: [SyncSourcesController] })
export class SyncHttpModule {}
