import { Module } from '@nestjs/common';
import { QueueModule } from '../platform/queue/queue.module';
import { DiscordOutbox } from './delivery/discord-outbox';
import { discordPostQueue } from './delivery/discord-post.queue';
import { ParkedChannels } from './delivery/parked-channels';
import { prunePostLedgerQueue } from './delivery/prune-post-ledger.queue';

/**
 * Every role: declares the Discord delivery queue, so routing (and the bot) can enqueue posts, and
 * the parked channels (parked by the worker, listed and unparked from the API, dashboard and bot).
 */
@Module({
  imports: [QueueModule.forFeature([discordPostQueue, prunePostLedgerQueue])],
  providers: [DiscordOutbox, ParkedChannels],
  exports: [DiscordOutbox, ParkedChannels],
})
export class DiscordModule {}
