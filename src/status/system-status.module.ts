import { Module } from '@nestjs/common';
import { DiscordModule } from '../discord/discord.module';
import { RoutingModule } from '../routing/routing.module';
import { AttentionService } from './attention.service';
import { SystemStatusService } from './system-status.service';

@Module({
  imports: [DiscordModule, RoutingModule],
  providers: [SystemStatusService, AttentionService],
  exports: [SystemStatusService, AttentionService],
})
export class SystemStatusModule {}
