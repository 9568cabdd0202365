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
import { PersonResumeFiles } from './resumes/person-resume-files';
import { PersonResumesController } from './resumes/person-resumes.controller';
import { ResumeFileGuard } from './resumes/resume-file.guard';
import { ResumeLinks } from './resumes/resume-links';
import { SkillProposals } from './resumes/skill-proposals';
import { ProcessContactController } from './resumes/process-contact.controller';
import { ProcessContact } from './resumes/process-contact.service';
import { ResumeApplyController } from './resumes/resume-apply.controller';
import { ResumeApply } from './resumes/resume-apply.service';
import { PeopleSyncController } from './sync/people-sync.controller';

/**
 * Api role: the people and sync routes, the mailbox intake's status, applying resume previews to
 * contacts, a contact's resumes extracted, and a person's resumes with expiring download links.
 */
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
    PersonResumesController,
  ],
  providers: [
    CrmWebhooksService,
    ResumeApply,
    ProcessContact,
    ContactResumesGuard,
    PersonResumeFiles,
    ResumeLinks,
    ResumeFileGuard,
    SkillProposals,
  ],
  // The dashboard's People pages list a person's resumes and hand out the same download links, show the
  // mailbox intake, and its resume review applies previews through the same service as the API.
  exports: [
    PeopleModule,
    CrmWebhooksService,
    PersonResumeFiles,
    ResumeLinks,
    ResumeFileGuard,
    ResumeApply,
    MailIntakeModule,
  ],
})
export class PeopleHttpModule {}
