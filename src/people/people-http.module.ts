import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { PeopleController } from './directory/people.controller';
import { MailIntakeController } from './mail-intake/mail-intake.controller';
import { MailIntakeModule } from './mail-intake/mail-intake.module';
import { CrmWebhooksController } from './incremental/crm-webhooks.controller';
import { CrmWebhooksService } from './incremental/crm-webhooks.service';
import { PeopleModule } from './people.module';
import { ResumesHttpModule } from '../resumes/resumes-http.module';
import { ContactResumesGuard } from './resumes/contact-resumes.guard';
import { ProcessContactController } from './resumes/process-contact.controller';
import { ProcessContact } from './resumes/process-contact.service';
import { ResumeApplyController } from './resumes/resume-apply.controller';
import { ResumeApply } from './resumes/resume-apply.service';
import { PeopleSyncController } from './sync/people-sync.controller';

/** Api role: the people and sync routes, the mailbox intake's status, applying resume previews to contacts, and a contact's resumes extracted. */
@Module({
  imports: [PeopleModule, WebhooksModule, ResumesHttpModule, MailIntakeModule],
  // MailIntakeController before PeopleController: `people/mail-intake` is no `people/:id`.
  controllers: [
    MailIntakeController,
    PeopleSyncController,
    CrmWebhooksController,
    PeopleController,
    ResumeApplyController,
    ProcessContactController,
  ],
  providers: [CrmWebhooksService, ResumeApply, ProcessContact, ContactResumesGuard],
  exports: [PeopleModule, CrmWebhooksService, MailIntakeModule],
})
export class PeopleHttpModule {}
