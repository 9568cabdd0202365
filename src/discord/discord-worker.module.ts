import { Module } from '@nestjs/common';
import { DiscordPostHandler } from './delivery/discord-post.handler';
import { DiscordRestClient } from './delivery/discord-rest.client';
import { PostedParts } from './delivery/posted-parts';
import { PostLedgerRetention } from './delivery/post-ledger-retention';
import { PostPlans } from './delivery/post-plans';
import { SentMessageFinder } from './delivery/sent-message-finder';
import { DiscordModule } from './discord.module';
import { ScheduledMessagesModule } from './schedules/scheduled-messages.module';
import { ScheduledPostHandler } from './schedules/scheduled-post.handler';

/** Worker role: posts messages over Discord REST (no gateway connection), and fires scheduled messages. */
@Module({
  imports: [DiscordModule, ScheduledMessagesModule],
  providers: [
    DiscordRestClient,
    PostPlans,
    PostedParts,
    SentMessageFinder,
    PostLedgerRetention,
    DiscordPostHandler,
    ScheduledPostHandler,
  ],
})
export class DiscordWorkerModule {}
