import { Module } from '@nestjs/common';
import { QueueModule } from '../../platform/queue/queue.module';
import { DiscordModule } from '../discord.module';
import { ScheduledMessagesService } from './scheduled-messages.service';
import { scheduledPostQueue } from './scheduled-post.queue';

/** Scheduled messages: the bot edits them, workers fire them. */
@Module({
  imports: [QueueModule.forFeature([scheduledPostQueue]), DiscordModule],
  providers: [ScheduledMessagesService],
  exports: [ScheduledMessagesService],
})
export class ScheduledMessagesModule {}
