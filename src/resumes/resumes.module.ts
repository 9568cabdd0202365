import { Module } from '@nestjs/common';
import { QueueModule } from '../platform/queue/queue.module';
import { ResumeAttachments } from './crm-files/resume-attachments';
import { ResumeLedger } from './ledger/resume-ledger';
import { ContactReaders } from './preview/contact-readers';
import { resumeExtractQueue } from './resume-extract.queue';

/** Every role: the ledger, the resume queue, and where the CRM feature plugs in its ContactReader and AttachmentSource. */
@Module({
  imports: [QueueModule.forFeature([resumeExtractQueue])],
  providers: [ResumeLedger, ContactReaders, ResumeAttachments],
  exports: [ResumeLedger, ContactReaders, ResumeAttachments],
})
export class ResumesModule {}
