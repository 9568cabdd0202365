import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { Injectable, Logger, BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueRoleOptions } from '../queue/queue-role-options';

/** How often each process writes its row. */
export const HEARTBEAT_SECONDS = 10;
/** Rows of processes not heard from for this long are deleted. */
const FORGET_AFTER = '1 day';

export interface ProcessRow {
  id: string;
  roles: string;
  host: string;
  pid: number;
  startedAt: Date;
  beatAt: Date;
  /** Seconds since this process's last heartbeat, by the database's clock. */
  ageSeconds: number;
  uptimeSeconds: number;
  rssBytes: number;
  heapUsedBytes: number;
  eventLoopLagMs: number;
  stoppedAt: Date | null;
}

/**
 * This process's row in `process_heartbeats`, rewritten every 10 s: roles, host, pid, start, RSS,
 * heap and event-loop lag (p99 over the interval). A stop marks the row stopped. Writing fails
 * quietly while the database is away (the row's age then tells the outage). `list()` reads
 * everyone's rows, for the System page and the heartbeat alerts.
 */
@Injectable()
export class ProcessHeartbeats implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly id = randomUUID();
  private readonly startedAt = new Date();
  private readonly logger = new Logger('Heartbeat');
  private readonly lag: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly role: QueueRoleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.lag.enable();
    await this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_SECONDS * 1000);
    this.timer.unref();
  }

  /** Before Nest closes the database pools. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.lag.disable();
    await this.dataSource
      .query(`UPDATE process_heartbeats SET stopped_at = now() WHERE id = $1`, [this.id])
      .catch(() => undefined);
  }

  /** Writes this process's row now (also used by tests). */
  async beat(): Promise<void> {
    const memory = process.memoryUsage();
    const lagMs = this.lag.count > 0 ? this.lag.percentile(99) / 1e6 : 0;
    this.lag.reset();
    try {
      await this.dataSource.query(
        `INSERT INTO process_heartbeats (id, roles, host, pid, started_at, rss_bytes, heap_used_bytes, event_loop_lag_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET beat_at = now(), rss_bytes = EXCLUDED.rss_bytes,
           heap_used_bytes = EXCLUDED.heap_used_bytes, event_loop_lag_ms = EXCLUDED.event_loop_lag_ms`,
        [this.id, this.role.instanceName, hostname(), process.pid, this.startedAt, memory.rss, memory.heapUsed, lagMs],
      );
      await this.dataSource.query(`DELETE FROM process_heartbeats WHERE beat_at < now() - interval '${FORGET_AFTER}'`);
    } catch (error) {
      this.logger.debug(`Heartbeat not written: ${(error as Error).message}`);
    }
  }

  /** Processes heard from within `withinSeconds` (stopped ones included until then), by roles. */
  list(withinSeconds = 3600): Promise<ProcessRow[]> {
    return this.dataSource
      .query<ProcessRow[]>(
        `SELECT id, roles, host, pid, started_at AS "startedAt", beat_at AS "beatAt",
                extract(epoch FROM now() - beat_at)::float8 AS "ageSeconds",
                extract(epoch FROM coalesce(stopped_at, now()) - started_at)::float8 AS "uptimeSeconds",
                rss_bytes::float8 AS "rssBytes", heap_used_bytes::float8 AS "heapUsedBytes",
                event_loop_lag_ms AS "eventLoopLagMs", stopped_at AS "stoppedAt"
           FROM process_heartbeats
          WHERE beat_at > now() - make_interval(secs => $1)
          ORDER BY roles, started_at`,
        [withinSeconds],
      )
      .then((rows) => rows.map((row) => ({ ...row, pid: Number(row.pid) })));
  }
}
