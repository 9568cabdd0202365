import { Module } from '@nestjs/common';
import { QueueModule } from '../platform/queue/queue.module';
import { ResumeLedger } from './ledger/resume-ledger';
import { resumeExtractQueue } from './resume-extract.queue';

/** Every role: the ledger and the resume queue. */
@Module({
  imports: [QueueModule.forFeature([resumeExtractQueue])],
  providers: [ResumeLedger],
  exports: [ResumeLedger],
})
export class ResumesModule {}
