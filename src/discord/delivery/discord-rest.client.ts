import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { AppConfig } from '../../platform/config/app-config';
import type { DiscordMessage } from './discord-message';

/**
 * Discord REST for the worker: no gateway. @discordjs/rest keeps Discord's rate-limit buckets and
 * waits out a 429's retry_after itself; it does not retry 5xx or network errors (retries: 0),
 * because the job queue retries those with backoff and the job records each attempt. Requests are
 * spread to stay under Discord's global limit (DISCORD_GLOBAL_REQUESTS_PER_SECOND, per process).
 */
@Injectable()
export class DiscordRestClient implements OnModuleDestroy {
  private readonly rest?: REST;

  constructor(config: AppConfig) {
    if (!config.discord.botToken) return;
    this.rest = new REST({
      api: config.discord.apiUrl,
      retries: 0,
      timeout: 15_000,
      globalRequestsPerSecond: config.discord.globalRequestsPerSecond,
    }).setToken(config.discord.botToken);
  }

  get configured(): boolean {
    return this.rest !== undefined;
  }

  async postMessage(channelId: string, message: DiscordMessage, nonce: string): Promise<{ id: string }> {
    if (!this.rest) throw new Error('DISCORD_BOT_TOKEN is not set');
    return (await this.rest.post(Routes.channelMessages(channelId), {
      body: { ...message, nonce, enforce_nonce: true },
    })) as { id: string };
  }

  onModuleDestroy(): void {
    this.rest?.clearHashSweeper();
    this.rest?.clearHandlerSweeper();
  }
}
