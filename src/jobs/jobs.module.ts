import { Module } from '@nestjs/common';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

/** api role: the public jobs API over pg-boss. */
@Module({ providers: [JobsService], controllers: [JobsController] })
export class JobsModule {}
