import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { PeopleController } from './directory/people.controller';
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

/** Api role: the people and sync routes, applying resume previews to contacts, and a contact's resumes extracted. */
@Module({
  imports: [PeopleModule, WebhooksModule, ResumesHttpModule],
  controllers: [
    PeopleSyncController,
    CrmWebhooksController,
    PeopleController,
    ResumeApplyController,
    ProcessContactController,
  ],
  providers: [CrmWebhooksService, ResumeApply, ProcessContact, ContactResumesGuard],
  // The dashboard's resume review applies previews through the same service as the API.
  exports: [PeopleModule, CrmWebhooksService, ResumeApply],
})
export class PeopleHttpModule {}
