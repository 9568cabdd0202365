import { defineQueue } from '../../platform/queue/queue-definition';
import type { DiscordMessage } from './discord-message';

export interface DiscordPostPayload {
  channelId: string;
  /** Already rendered and split: posted in this order, each with its own idempotency nonce. */
  messages: DiscordMessage[];
  /**
   * false: never merged with other queued posts of the channel (a rule's `coalesce=off`); unset
   * follows DISCORD_COALESCE.
   */
  coalesce?: boolean;
  /** Where it came from, for the dashboard and logs. */
  eventId?: string;
  ruleId?: string;
}

/**
 * Posts to one channel in the order jobs were created: `key_strict_fifo` keyed by channel id
 * holds a channel's later posts while an earlier one is running, waiting to retry, or dead (a
 * post Discord refused for itself is moved out of the line, see JobTable.moveAside); other
 * channels post in parallel.
 */
export const discordPostQueue = defineQueue<DiscordPostPayload>('discord.post', { policy: 'key_strict_fifo' });
