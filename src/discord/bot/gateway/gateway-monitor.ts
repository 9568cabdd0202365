import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Client, Events } from 'discord.js';
import { HealthIndicators, Indicator } from '../../../platform/health/health-indicators';

export type GatewayState = 'connecting' | 'ready' | 'reconnecting' | 'disconnected';

/**
 * Follows the gateway session: discord.js reconnects (resuming the session where it can) by
 * itself; this logs each drop and recovery and reports the state on /health and /ready. Only
 * `disconnected` (Discord refused the session for good, e.g. a revoked token) fails /health.
 */
@Injectable()
export class GatewayMonitor implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('DiscordGateway');
  private state: GatewayState = 'connecting';
  private since = Date.now();
  private reconnects = 0;
  private stopping = false;

  constructor(
    private readonly client: Client,
    private readonly indicators: HealthIndicators,
  ) {}

  onModuleInit(): void {
    this.indicators.register('gateway', () => this.indicator());
    this.client.on(Events.ClientReady, (client) => {
      this.enter('ready');
      this.logger.log(
        `Connected to the Discord gateway as ${client.user.tag} in ${client.guilds.cache.size} server(s)`,
      );
    });
    this.client.on(Events.ShardReconnecting, () => {
      if (this.stopping || this.state === 'reconnecting') return;
      this.reconnects++;
      this.enter('reconnecting');
      this.logger.warn('Discord gateway connection lost; reconnecting');
    });
    this.client.on(Events.ShardResume, (_shard, replayed) =>
      this.recovered(`session resumed, ${replayed} missed event(s) replayed`),
    );
    this.client.on(Events.ShardReady, () => {
      if (this.state === 'reconnecting') this.recovered('new session');
    });
    this.client.on(Events.ShardDisconnect, (event) => {
      if (this.stopping) return;
      this.enter('disconnected');
      this.logger.error(
        `Discord closed the gateway session for good (code ${event.code}); restart the bot after fixing the cause`,
      );
    });
    this.client.on(Events.ShardError, (error) => this.logger.warn(`Discord gateway error: ${error.message}`));
    this.client.on(Events.Error, (error) => this.logger.error(`Discord client error: ${error.message}`));
    this.client.on(Events.Warn, (message) => this.logger.warn(`Discord client: ${message}`));
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  get current(): GatewayState {
    return this.state;
  }

  private recovered(how: string): void {
    if (this.state !== 'reconnecting') return;
    const downMs = Date.now() - this.since;
    this.enter('ready');
    this.logger.log(`Discord gateway reconnected after ${downMs} ms (${how})`);
  }

  private enter(state: GatewayState): void {
    this.state = state;
    this.since = Date.now();
  }

  private indicator(): Indicator & { fatal: boolean } {
    const seconds = Math.round((Date.now() - this.since) / 1000);
    const ping = this.client.ws.ping;
    return {
      ok: this.state === 'ready',
      detail:
        this.state === 'ready'
          ? `ready${ping >= 0 ? `, heartbeat ${Math.round(ping)} ms` : ''}`
          : `${this.state} for ${seconds}s`,
      state: this.state,
      since: new Date(this.since).toISOString(),
      reconnects: this.reconnects,
      fatal: this.state === 'disconnected',
    };
  }
}
