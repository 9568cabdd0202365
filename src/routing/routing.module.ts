import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DiscordModule } from '../discord/discord.module';
import { QueueModule } from '../platform/queue/queue.module';
import { EventFormatter } from './formatters/event-formatter';
import { RuleRecord } from './rule-store/rule.entity';
import { webhookRouteQueue } from './webhook-route.queue';

/** Every role: declares the routing queue and the rules table. */
@Module({
  imports: [QueueModule.forFeature([webhookRouteQueue]), TypeOrmModule.forFeature([RuleRecord]), DiscordModule],
  providers: [EventFormatter],
  exports: [TypeOrmModule, DiscordModule, EventFormatter],
})
export class RoutingModule {}
