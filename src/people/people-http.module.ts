import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { PeopleController } from './directory/people.controller';
import { CrmWebhooksController } from './incremental/crm-webhooks.controller';
import { CrmWebhooksService } from './incremental/crm-webhooks.service';
import { PeopleModule } from './people.module';
import { ResumeApplyController } from './resumes/resume-apply.controller';
import { ResumeApply } from './resumes/resume-apply.service';
import { PeopleSyncController } from './sync/people-sync.controller';

/** Api role: the people and sync routes, and applying resume previews to contacts. */
@Module({
  imports: [PeopleModule, WebhooksModule],
  controllers: [PeopleSyncController, CrmWebhooksController, PeopleController, ResumeApplyController],
  providers: [CrmWebhooksService, ResumeApply],
  exports: [PeopleModule, CrmWebhooksService],
})
export class PeopleHttpModule {}
