import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { PeopleController } from './directory/people.controller';
import { CrmWebhooksController } from './incremental/crm-webhooks.controller';
import { CrmWebhooksService } from './incremental/crm-webhooks.service';
import { PeopleModule } from './people.module';
import { PeopleSyncController } from './sync/people-sync.controller';

/** Api role: the people and sync routes. */
@Module({
  imports: [PeopleModule, WebhooksModule],
  controllers: [PeopleSyncController, CrmWebhooksController, PeopleController],
  providers: [CrmWebhooksService],
  exports: [PeopleModule, CrmWebhooksService],
})
export class PeopleHttpModule {}
