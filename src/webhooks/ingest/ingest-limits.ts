import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig } from '../../platform/config/app-config';
import { BlockedKeys } from './blocked-keys';
import { RateLimiter } from './rate-limiter';

const TABLE = 'ingest_rate_limits';
/** The store counts; each source's own limit is compared here, so the store's cap is never the one that refuses. */
const UNCAPPED = 2 ** 31 - 1;

/** How long to wait, in whole seconds (at least 1), or 0 when allowed. */
export type Wait = number;

const seconds = (ms: number): Wait => Math.max(1, Math.ceil(ms / 1000));

/**
 * Refusals counted at once, and waiting to be: under a flood of forgeries the counting must not
 * take the pool's connections from the inbox. Past the queue a refusal goes uncounted (the
 * addresses already blocked stay blocked).
 */
const MAX_COUNTING = 2;
const MAX_WAITING = 1000;

/**
 * The ingest rate limits. Counted in Postgres (`ingest_rate_limits`, rate-limiter-flexible's
 * store), so they hold across every api process:
 * - per source (`rateLimitPerMinute`), counting only deliveries whose signature verified, so
 *   nobody without the secret can use up a source's allowance; a source without a limit costs no
 *   round trip;
 * - refused deliveries per client address and source (`WEBHOOK_REFUSED_PER_ADDRESS_PER_MINUTE`):
 *   an address over it is refused before its body is read until the minute ends. Only refusals
 *   are counted, so a sender that is never refused costs nothing here; the block itself is kept in
 *   memory (each process learns it on its next counted refusal).
 * The global limit guards one process's capacity and stays in memory. When Postgres cannot
 * count, a source's limit is enforced per process and refusals go uncounted.
 */
@Injectable()
export class IngestLimits implements OnModuleInit {
  private readonly local = new RateLimiter();
  private readonly blocked = new BlockedKeys();
  private perSource!: RateLimiterPostgres;
  private refused?: RateLimiterPostgres;
  private counting = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {}

  onModuleInit(): void {
    const storeClient = (this.dataSource.driver as PostgresDriver).master;
    const store = { storeClient, storeType: 'pool', tableName: TABLE, tableCreated: true, clearExpiredByTimeout: true };
    this.perSource = new RateLimiterPostgres({ ...store, keyPrefix: 'source', points: UNCAPPED, duration: 60 });
    const refusals = this.config.webhooks.refusedPerAddressPerMinute;
    if (refusals > 0) {
      this.refused = new RateLimiterPostgres({ ...store, keyPrefix: 'refused', points: refusals, duration: 60 });
    }
  }

  /** Whether `client` is blocked for `bucket` (a source, or the unknown-source bucket) after too many refusals. */
  refusalBlock(client: string, bucket: string): Wait {
    if (!this.refused) return 0;
    const ms = this.blocked.remainingMs(`${client}|${bucket}`);
    return ms > 0 ? seconds(ms) : 0;
  }

  /** Counts one refused delivery from `client` for `bucket`; past the limit, blocks it for the rest of the minute. */
  async countRefusal(client: string, bucket: string): Promise<void> {
    if (!this.refused) return;
    const key = `${client}|${bucket}`;
    if (this.counting < MAX_COUNTING) this.counting++;
    else if (this.waiting.length < MAX_WAITING) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else return;
    try {
      await this.refused.consume(key);
    } catch (result) {
      if (result instanceof RateLimiterRes) this.blocked.block(key, Date.now() + result.msBeforeNext);
      else this.logger.debug({ err: result }, 'Could not count a refused delivery');
    } finally {
      // Hand the slot to the next waiting refusal, if any.
      const next = this.waiting.shift();
      if (next) next();
      else this.counting--;
    }
  }

  /** Takes one from the global per-process allowance. */
  takeGlobal(): Wait {
    const perSecond = this.config.webhooks.globalRateLimitPerSecond;
    return perSecond > 0 ? this.local.take('*', perSecond, perSecond) : 0;
  }

  /** Takes one from a source's allowance (verified deliveries only); no round trip without a limit. */
  async takeSource(slug: string, perMinute: number | null): Promise<Wait> {
    if (!perMinute) return 0;
    try {
      const result = await this.perSource.consume(slug);
      return result.consumedPoints > perMinute ? seconds(result.msBeforeNext) : 0;
    } catch (error) {
      this.logger.warn(
        { err: error, source: slug },
        'Could not count against the source limit in Postgres; counting in this process',
      );
      return this.local.take(`source:${slug}`, perMinute / 60, perMinute);
    }
  }
}
