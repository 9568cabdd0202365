import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DiscordModule } from '../discord/discord.module';
import { QueueModule } from '../platform/queue/queue.module';
import { ForwardTargets } from './forward/forward-targets';
import { httpForwardQueue } from './forward/http-forward.queue';
import { EventFormatter } from './formatters/event-formatter';
import { RuleRecord } from './rule-store/rule.entity';
import { RuleValidator } from './rule-store/rule-validator';
import { RulesService } from './rule-store/rules.service';
import { RoutingTaps } from './taps/routing-taps';
import { MessageTemplateRecord } from './templates/message-template.entity';
import { TemplatesService } from './templates/templates.service';
import { webhookRouteQueue } from './webhook-route.queue';

/**
 * Every role: declares the routing queues, the rules and templates tables, and keeps the rules and
 * templates (API and bot).
 */
@Module({
  imports: [
    QueueModule.forFeature([webhookRouteQueue, httpForwardQueue]),
    TypeOrmModule.forFeature([RuleRecord, MessageTemplateRecord]),
    DiscordModule,
  ],
  providers: [TemplatesService, EventFormatter, RulesService, RuleValidator, ForwardTargets, RoutingTaps],
  exports: [TypeOrmModule, DiscordModule, TemplatesService, EventFormatter, RulesService, ForwardTargets, RoutingTaps],
})
export class RoutingModule {}
