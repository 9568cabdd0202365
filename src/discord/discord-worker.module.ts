import { Module } from '@nestjs/common';
import { DiscordPostHandler } from './delivery/discord-post.handler';
import { DiscordRestClient } from './delivery/discord-rest.client';
import { DiscordModule } from './discord.module';
import { ScheduledMessagesModule } from './schedules/scheduled-messages.module';
import { ScheduledPostHandler } from './schedules/scheduled-post.handler';

/** Worker role: posts messages over Discord REST (no gateway connection), and fires scheduled messages. */
@Module({
  imports: [DiscordModule, ScheduledMessagesModule],
  providers: [DiscordRestClient, DiscordPostHandler, ScheduledPostHandler],
})
export class DiscordWorkerModule {}
