import { Module } from '@nestjs/common';
import { JobsController } from './jobs.controller';
import { JobsModule } from './jobs.module';

/** api role: the public jobs API. */
@Module({ imports: [JobsModule], controllers: [JobsController] })
export class JobsHttpModule {}
