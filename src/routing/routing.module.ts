import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DiscordModule } from '../discord/discord.module';
import { QueueModule } from '../platform/queue/queue.module';
import { httpForwardQueue } from './forward/http-forward.queue';
import { EventFormatter } from './formatters/event-formatter';
import { RuleRecord } from './rule-store/rule.entity';
import { MessageTemplateRecord } from './templates/message-template.entity';
import { TemplatesService } from './templates/templates.service';
import { webhookRouteQueue } from './webhook-route.queue';

/** Every role: declares the routing queues, the rules and templates tables. */
@Module({
  imports: [
    QueueModule.forFeature([webhookRouteQueue, httpForwardQueue]),
    TypeOrmModule.forFeature([RuleRecord, MessageTemplateRecord]),
    DiscordModule,
  ],
  providers: [TemplatesService, EventFormatter],
  exports: [TypeOrmModule, DiscordModule, TemplatesService, EventFormatter],
})
export class RoutingModule {}
