import { Logger } from '@nestjs/common';
import { Client } from 'pg';

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;
/** A quiet connection is checked this often, so a half-open one is noticed and replaced. */
const PING_MS = 30_000;

export interface ListenHandlers {
  onNotify(payload: string, channel: string): void;
  /** Listening again after the connection was lost: notifications sent meanwhile are gone, so catch up. */
  onReconnect?(): void;
}

/**
 * One dedicated connection LISTENing on one or more channels. When it drops (Postgres restarted,
 * connection killed, a ping unanswered) it reconnects with backoff (250 ms doubling to 5 s) and then
 * calls `onReconnect`, because notifications sent meanwhile are lost: the caller catches up by reading
 * what it would have been told about. `start` never fails: a first connection that fails is retried
 * the same way.
 */
export class PgListener {
  private client?: Client;
  private failures = 0;
  private retry?: NodeJS.Timeout;
  private stopped = false;
  private readonly channels: readonly string[];
  private readonly logger: Logger;

  constructor(
    private readonly connectionString: string,
    channels: string | readonly string[],
    private readonly handlers: ListenHandlers,
    /** Names the connection in pg_stat_activity and the log lines. */
    private readonly name = 'switchyard-listen',
  ) {
    this.channels = typeof channels === 'string' ? [channels] : channels;
    this.logger = new Logger(`Listen ${this.channels.join(', ')}`);
  }

  /** Connected and listening. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.connectionString,
      application_name: this.name,
      keepAlive: true,
    });
    const connection: { down: boolean; ping?: NodeJS.Timeout } = { down: false };
    const lose = (error?: unknown) => {
      if (connection.down) return;
      connection.down = true;
      clearInterval(connection.ping);
      void client.end().catch(() => undefined);
      const wasListening = this.client === client;
      if (wasListening) this.client = undefined;
      if (this.stopped) return;
      if (wasListening || this.failures === 0) {
        const reason = error instanceof Error ? error.message : 'connection closed';
        this.logger.warn(`Lost the connection (${reason}); reconnecting`);
      }
      this.scheduleRetry();
    };
    // Without an error listener a dropped connection would crash the process.
    client.on('error', lose);
    client.on('end', () => lose());
    client.on('notification', ({ channel, payload }) => {
      if (this.channels.includes(channel)) this.handlers.onNotify(payload ?? '', channel);
    });
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      lose(error);
      return;
    }
    if (this.stopped || connection.down) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    connection.ping = setInterval(() => void client.query('SELECT 1').catch(lose), PING_MS).unref();
    if (this.failures > 0) {
      this.logger.log('Listening again; catching up on what was missed');
      this.handlers.onReconnect?.();
    }
    this.failures = 0;
  }

  private scheduleRetry(): void {
    const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.failures);
    this.failures++;
    this.retry = setTimeout(() => void this.connect(), delay);
    this.retry.unref();
  }
}
