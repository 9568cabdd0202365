import { Module } from '@nestjs/common';
import { ResumeIntake } from '../../resumes/intake/resume-intake.service';
import { ResumesModule } from '../../resumes/resumes.module';
import { MailboxPoller } from './mailbox-poller';
import { MailIntakeHandler } from './mail-intake.handler';
import { MailIntakeMetrics } from './mail-intake-metrics';
import { MailIntakeModule } from './mail-intake.module';
import { MailIntakeSchedule } from './mail-intake-schedule';
import { SenderContact } from './sender-contact';

/** Worker role: the polls and their schedule; files go through the same ResumeIntake as uploads. */
@Module({
  imports: [MailIntakeModule, ResumesModule],
  providers: [MailboxPoller, MailIntakeHandler, MailIntakeSchedule, MailIntakeMetrics, SenderContact, ResumeIntake],
})
export class MailIntakeWorkerModule {}
