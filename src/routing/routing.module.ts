import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DiscordModule } from '../discord/discord.module';
import { QueueModule } from '../platform/queue/queue.module';
import { RuleRecord } from './rule-store/rule.entity';
import { RulesService } from './rule-store/rules.service';
import { webhookRouteQueue } from './webhook-route.queue';

/** Every role: declares the routing queue and the rules table, and keeps the rules (API and bot). */
@Module({
  imports: [QueueModule.forFeature([webhookRouteQueue]), TypeOrmModule.forFeature([RuleRecord]), DiscordModule],
  providers: [RulesService],
  exports: [TypeOrmModule, DiscordModule, RulesService],
})
export class RoutingModule {}
