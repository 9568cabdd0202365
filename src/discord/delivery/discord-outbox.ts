import { Injectable } from '@nestjs/common';
import { JobQueue, SendOptions, SentJob } from '../../platform/queue/job-queue';
import { clampEmbeds } from './clamp-embeds';
import type { DiscordActionRow, DiscordEmbed, DiscordMessage } from './discord-message';
import { discordPostQueue } from './discord-post.queue';
import { splitContent } from './split-content';

export interface OutgoingPost {
  channelId: string;
  content?: string;
  embeds?: DiscordEmbed[];
  /** Buttons, on the last part; such a post is never coalesced. */
  components?: DiscordActionRow[];
  /** Mention kinds that may ping; none unless a rule allows them. */
  allowMentions?: ('users' | 'roles' | 'everyone')[];
  /** false: never merged with the channel's other queued posts; unset follows DISCORD_COALESCE. */
  coalesce?: boolean;
  eventId?: string;
  ruleId?: string;
}

/**
 * Turns a post into a `discord.post` job: content split at Discord's limit, embeds (cut to their
 * limits) on the last part, mentions off unless allowed, ordered behind the channel's earlier posts.
 */
@Injectable()
export class DiscordOutbox {
  constructor(private readonly jobs: JobQueue) {}

  enqueue(post: OutgoingPost, options: Omit<SendOptions, 'orderingKey'> = {}): Promise<SentJob> {
    const allowed = { parse: post.allowMentions ?? [] };
    const texts = post.content ? splitContent(post.content) : [];
    const messages: DiscordMessage[] = texts.map((content) => ({ content, allowed_mentions: allowed }));
    if (post.embeds?.length) {
      const last = messages.pop() ?? { allowed_mentions: allowed };
      messages.push({ ...last, embeds: clampEmbeds(post.embeds) });
    }
    if (post.components?.length) messages[messages.length - 1]!.components = post.components;
    if (messages.length === 0) throw new Error('A Discord post needs content or embeds');
    return this.jobs.send(
      discordPostQueue,
      {
        channelId: post.channelId,
        messages,
        ...(post.components?.length
          ? { coalesce: false }
          : post.coalesce === undefined
            ? {}
            : { coalesce: post.coalesce }),
        eventId: post.eventId,
        ruleId: post.ruleId,
      },
      { ...options, orderingKey: post.channelId },
    );
  }
}
