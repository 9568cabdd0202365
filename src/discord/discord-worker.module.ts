import { Module } from '@nestjs/common';
import { DiscordPostHandler } from './delivery/discord-post.handler';
import { DiscordRestClient } from './delivery/discord-rest.client';
import { DiscordModule } from './discord.module';

/** Worker role: posts messages over Discord REST (no gateway connection). */
@Module({ imports: [DiscordModule], providers: [DiscordRestClient, DiscordPostHandler] })
export class DiscordWorkerModule {}
