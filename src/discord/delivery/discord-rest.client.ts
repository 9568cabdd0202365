import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { AppConfig } from '../../platform/config/app-config';
import { countDiscordResponses } from '../../platform/metrics/discord-responses';
import { Metrics } from '../../platform/metrics/metrics';
import { abortable } from '../../platform/queue/abortable';
import type { DiscordMessage } from './discord-message';

/** A message as read back from a channel: enough to recognise one the bot posted. */
export interface ChannelMessage {
  id: string;
  author: { id: string };
  content: string;
  embeds?: unknown[];
}

/**
 * Discord REST for the worker: no gateway. @discordjs/rest keeps Discord's rate-limit buckets and
 * waits out a 429's retry_after itself; it does not retry 5xx or network errors (retries: 0),
 * because the job queue retries those with backoff and the job records each attempt. Requests are
 * spread to stay under Discord's global limit (DISCORD_GLOBAL_REQUESTS_PER_SECOND, per process).
 * Every call takes the job's abort signal: the library's own waits cannot be interrupted, so the
 * call returns at once on abort and the request, when its turn comes, is aborted before it is sent.
 */
@Injectable()
export class DiscordRestClient implements OnModuleDestroy {
  private readonly rest?: REST;
  private botId?: Promise<string>;

  constructor(config: AppConfig, metrics: Metrics) {
    if (!config.discord.botToken) return;
    this.rest = new REST({
      api: config.discord.apiUrl,
      retries: 0,
      timeout: 15_000,
      globalRequestsPerSecond: config.discord.globalRequestsPerSecond,
    }).setToken(config.discord.botToken);
    countDiscordResponses(this.rest, metrics);
  }

  get configured(): boolean {
    return this.rest !== undefined;
  }

  async postMessage(
    channelId: string,
    message: DiscordMessage,
    nonce: string,
    signal?: AbortSignal,
  ): Promise<{ id: string }> {
    const rest = this.client();
    return (await abortable(
      rest.post(Routes.channelMessages(channelId), { body: { ...message, nonce, enforce_nonce: true }, signal }),
      signal,
    )) as { id: string };
  }

  /** Up to 100 messages of a channel after a snowflake, in Discord's order (newest first). */
  async messagesAfter(channelId: string, after: string, signal?: AbortSignal): Promise<ChannelMessage[]> {
    const query = new URLSearchParams({ after, limit: '100' });
    return (await abortable(
      this.client().get(Routes.channelMessages(channelId), { query, signal }),
      signal,
    )) as ChannelMessage[];
  }

  /** The bot's own user id (asked once). */
  botUserId(): Promise<string> {
    this.botId ??= (this.client().get(Routes.user('@me')) as Promise<{ id: string }>).then(
      (user) => user.id,
      (error: unknown) => {
        this.botId = undefined;
        throw error;
      },
    );
    return this.botId;
  }

  onModuleDestroy(): void {
    this.rest?.clearHashSweeper();
    this.rest?.clearHandlerSweeper();
  }

  private client(): REST {
    if (!this.rest) throw new Error('DISCORD_BOT_TOKEN is not set');
    return this.rest;
  }
}
