import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoutingModule } from '../routing/routing.module';
import { InboxWriter } from './inbox/inbox-writer';
import { WebhookEvent } from './inbox/webhook-event.entity';
import { WebhookInbox } from './inbox/webhook-inbox';
import { WebhookSources } from './sources/webhook-sources';

/** Every role: the inbox and the sources (the worker replays, the api ingests). */
@Module({
  imports: [RoutingModule, TypeOrmModule.forFeature([WebhookEvent])],
  providers: [WebhookSources, InboxWriter, WebhookInbox],
  exports: [WebhookSources, WebhookInbox],
})
export class WebhooksModule {}
