import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { PeopleController } from './directory/people.controller';
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
 * Api role: the people and sync routes, applying resume previews to contacts, a contact's resumes
 * extracted, and a person's resumes with expiring download links.
 */
@Module({
  imports: [PeopleModule, WebhooksModule, ResumesHttpModule],
  controllers: [
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
  // The dashboard's People pages list a person's resumes and hand out the same download links, and its
  // resume review applies previews through the same service as the API.
  exports: [PeopleModule, CrmWebhooksService, PersonResumeFiles, ResumeLinks, ResumeFileGuard, ResumeApply],
})
export class PeopleHttpModule {}
