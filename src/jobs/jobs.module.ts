import { Module } from '@nestjs/common';
import { JobsService } from './jobs.service';

/** Reading and steering jobs over pg-boss, for the jobs API and the bot. */
@Module({ providers: [JobsService], exports: [JobsService] })
export class JobsModule {}
