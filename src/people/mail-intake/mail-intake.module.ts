import { Module } from '@nestjs/common';
import { QueueModule } from '../../platform/queue/queue.module';
import { HandledMessages } from './handled-messages';
import { MailIntakePolls } from './mail-intake-polls';
import { MailIntakeStatus } from './mail-intake-status';
import { mailIntakePollQueue } from './mail-intake.queue';

/** Every role: the poll queue (any role may ask for a poll), the records, the status. */
@Module({
  imports: [QueueModule.forFeature([mailIntakePollQueue])],
  providers: [HandledMessages, MailIntakePolls, MailIntakeStatus],
  exports: [HandledMessages, MailIntakePolls, MailIntakeStatus],
})
export class MailIntakeModule {}
