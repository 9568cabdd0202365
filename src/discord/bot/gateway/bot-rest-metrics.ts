import { Injectable, OnModuleInit } from '@nestjs/common';
import { Client } from 'discord.js';
import { countDiscordResponses } from '../../../platform/metrics/discord-responses';
import { Metrics } from '../../../platform/metrics/metrics';

/** The bot's own Discord REST answers (commands, interaction callbacks, members) on /metrics too. */
@Injectable()
export class BotRestMetrics implements OnModuleInit {
  constructor(
    private readonly client: Client,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    countDiscordResponses(this.client.rest, this.metrics);
  }
}
