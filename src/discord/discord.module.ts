import { Module } from '@nestjs/common';
import { QueueModule } from '../platform/queue/queue.module';
import { DiscordOutbox } from './delivery/discord-outbox';
import { discordPostQueue } from './delivery/discord-post.queue';

/** Every role: declares the Discord delivery queue, so routing (and the bot) can enqueue posts. */
@Module({ imports: [QueueModule.forFeature([discordPostQueue])], providers: [DiscordOutbox], exports: [DiscordOutbox] })
export class DiscordModule {}
