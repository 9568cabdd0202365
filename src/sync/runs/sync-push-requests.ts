import { Injectable } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';

const lock = (runner: QueryRunner, source: string) =>
  runner.query(`SELECT pg_advisory_xact_lock(hashtextextended('sync.push:' || $1, 0))`, [source]);

/**
 * `sync_push_requests`: when a push (a Google Calendar notification) last asked a source for a
 * run. A push arriving while a run is going cannot queue another (the exclusive queue refuses it),
 * so the run's handler looks here once the run is over. Both sides take the same transaction-level
 * advisory lock, so either the handler sees the request or the push finds the source's key free.
 */
@Injectable()
export class SyncPushRequests {
  /** Records a push for `source` in the caller's transaction (before it queues the run). */
  async request(runner: QueryRunner, source: string): Promise<void> {
    await lock(runner, source);
    await runner.query(
      `INSERT INTO sync_push_requests (source, requested_at) VALUES ($1, clock_timestamp())
       ON CONFLICT (source) DO UPDATE SET requested_at = EXCLUDED.requested_at`,
      [source],
    );
  }

  /**
   * Whether the source ever had a push recorded (read without the lock): sources that never get
   * pushes skip the locked check. A watch channel records a first, empty request when it opens, so
   * the row exists before the first push can race a run's end.
   */
  async known(db: DataSource, source: string): Promise<boolean> {
    const rows = await db.query<unknown[]>('SELECT 1 FROM sync_push_requests WHERE source = $1', [source]);
    return rows.length > 0;
  }

  /** Makes the row exist (no request yet), in the caller's transaction. */
  async expect(runner: QueryRunner, source: string): Promise<void> {
    await runner.query(
      `INSERT INTO sync_push_requests (source, requested_at) VALUES ($1, '-infinity') ON CONFLICT (source) DO NOTHING`,
      [source],
    );
  }

  /** Whether a push came after the run started, in the caller's transaction, under the lock. */
  async pushedDuring(runner: QueryRunner, source: string, runId: string): Promise<boolean> {
    await lock(runner, source);
    const [row] = (await runner.query(
      `SELECT p.requested_at > r.started_at AS pushed
         FROM sync_push_requests p JOIN sync_runs r ON r.id = $2
        WHERE p.source = $1`,
      [source, runId],
    )) as { pushed: boolean }[];
    return row?.pushed === true;
  }

  async forget(runner: QueryRunner, source: string): Promise<void> {
    await runner.query('DELETE FROM sync_push_requests WHERE source = $1', [source]);
  }
}
