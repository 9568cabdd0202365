import { Module } from '@nestjs/common';
import { DiscordChannelsController } from './delivery/discord-channels.controller';
import { DiscordModule } from './discord.module';

/** api role: parked Discord channels over HTTP. */
@Module({ imports: [DiscordModule], controllers: [DiscordChannelsController] })
export class DiscordHttpModule {}
