import { Injectable } from '@nestjs/common';
import { DiscordAPIError } from '@discordjs/rest';
import type { DiscordMessage } from './discord-message';
import { ChannelMessage, DiscordRestClient } from './discord-rest.client';
import { PostedParts } from './posted-parts';

const DISCORD_EPOCH = 1420070400000n;
/** Pages of 100 read at most: a part is looked for among the next 1,000 messages of its channel. */
const MAX_PAGES = 10;
/** Clocks differ: messages from a little before the part was sent are read too. */
const CLOCK_SLACK_MS = 5_000;

const snowflakeAt = (at: Date): string => String((BigInt(at.getTime() - CLOCK_SLACK_MS) - DISCORD_EPOCH) << 22n);
const sameText = (a: string | undefined, b: string | undefined) => (a ?? '').trim() === (b ?? '').trim();

export type Found = { messageId: string } | { unknowable: string } | undefined;

/**
 * Looks for a part that may have been posted although its answer never arrived (a lost response,
 * a worker that died before recording it), once Discord's nonce no longer de-duplicates: among the
 * channel's messages since the part was sent, the first one by this bot with the same content and
 * number of embeds that no other part holds. Discord does not return nonces when messages are
 * read, so content is what identifies it. Reading needs the Read Message History permission; without
 * it the answer is `unknowable`.
 */
@Injectable()
export class SentMessageFinder {
  constructor(
    private readonly discord: DiscordRestClient,
    private readonly parts: PostedParts,
  ) {}

  async find(channelId: string, part: DiscordMessage, sentAt: Date, signal: AbortSignal): Promise<Found> {
    let botId: string;
    try {
      botId = await this.discord.botUserId();
    } catch (error) {
      if (error instanceof DiscordAPIError) return { unknowable: `Discord ${error.status} reading the bot user` };
      throw error;
    }
    let after = snowflakeAt(sentAt);
    for (let page = 0; page < MAX_PAGES; page++) {
      let messages: ChannelMessage[];
      try {
        messages = await this.discord.messagesAfter(channelId, after, signal);
      } catch (error) {
        if (error instanceof DiscordAPIError && error.status === 403) {
          return { unknowable: `Discord 403 reading channel ${channelId}: ${error.message}` };
        }
        throw error;
      }
      const oldestFirst = [...messages].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      const candidates = oldestFirst.filter(
        (message) =>
          message.author.id === botId &&
          sameText(message.content, part.content) &&
          (message.embeds?.length ?? 0) === (part.embeds?.length ?? 0),
      );
      const taken = await this.parts.recorded(
        channelId,
        candidates.map((message) => message.id),
      );
      const match = candidates.find((message) => !taken.has(message.id));
      if (match) return { messageId: match.id };
      if (messages.length < 100) return undefined;
      after = oldestFirst[oldestFirst.length - 1]!.id;
    }
    return undefined;
  }
}
