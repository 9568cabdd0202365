import { Injectable, Logger } from '@nestjs/common';
import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { PermanentJobError, QueueJob } from '../../platform/queue/queue-job';
import { DiscordRestClient } from './discord-rest.client';
import { discordPostQueue, DiscordPostPayload } from './discord-post.queue';
import { messageNonce } from './nonce';

/** Discord answers that retrying cannot change: bad request, bad token, no access, no such channel. */
const PERMANENT = new Set([400, 401, 403, 404]);

@Injectable()
export class DiscordPostHandler {
  private readonly logger = new Logger('DiscordPost');

  constructor(private readonly discord: DiscordRestClient) {}

  @JobHandler(discordPostQueue)
  async post(job: QueueJob<DiscordPostPayload>): Promise<{ channelId: string; messageIds: string[] }> {
    if (!this.discord.configured) {
      throw new PermanentJobError('Discord is not configured: set DISCORD_BOT_TOKEN, then retry this job');
    }
    const { channelId, messages } = job.data;
    const messageIds: string[] = [];
    for (const [index, message] of messages.entries()) {
      try {
        const posted = await this.discord.postMessage(channelId, message, messageNonce(job.id, index));
        messageIds.push(posted.id);
      } catch (error) {
        throw this.explain(error, channelId);
      }
    }
    return { channelId, messageIds };
  }

  private explain(error: unknown, channelId: string): Error {
    if (error instanceof DiscordAPIError && PERMANENT.has(error.status)) {
      const reason = `Discord ${error.status} for channel ${channelId}: ${error.message} (code ${String(error.code)})`;
      this.logger.warn(reason);
      return new PermanentJobError(reason);
    }
    if (error instanceof DiscordAPIError || error instanceof HTTPError) {
      return new Error(`Discord ${error.status} for channel ${channelId}: ${error.message}`);
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}
