import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { CrmWebhooksController } from './incremental/crm-webhooks.controller';
import { CrmWebhooksService } from './incremental/crm-webhooks.service';
import { PeopleModule } from './people.module';
import { PeopleSyncController } from './sync/people-sync.controller';

/** Api role: the people and sync routes. */
@Module({
  imports: [PeopleModule, WebhooksModule],
  controllers: [PeopleSyncController, CrmWebhooksController],
  providers: [CrmWebhooksService],
  exports: [CrmWebhooksService],
})
export class PeopleHttpModule {}
