import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue } from '../../platform/queue/job-queue';
import { requeueRouting } from './requeue-routing';
import { EventFilter, filterConditions } from '../events/event-filter';
import { bulkReplayQueue } from './bulk-replay.queue';

interface ReplayRow {
  id: string;
  filter: EventFilter;
  total: number;
  done: number;
  cursor: { at: string; id: string } | null;
  state: 'running' | 'completed' | 'failed';
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const BATCH = 500;

const view = (row: ReplayRow) => ({
  id: row.id,
  filter: row.filter,
  state: row.state,
  total: row.total,
  done: row.done,
  progress: row.total === 0 ? 1 : Number((row.done / row.total).toFixed(4)),
  error: row.error,
  createdAt: row.created_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

/**
 * Bulk replay: the request counts the matching events and enqueues one background job; the job
 * walks them oldest first in batches, each batch one transaction (routing jobs, event status,
 * progress and the resume position together), so a retried job continues where it stopped.
 */
@Injectable()
export class BulkReplaysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  async start(filter: EventFilter) {
    return this.dataSource.transaction(async (manager) => {
      const params: unknown[] = [];
      const where = filterConditions(filter, params);
      const [{ total }] = await manager.query<[{ total: number }]>(
        `SELECT count(*)::int AS total FROM webhook_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
        params,
      );
      const [row] = await manager.query<ReplayRow[]>(
        `INSERT INTO bulk_replays (filter, total) VALUES ($1, $2) RETURNING *`,
        [JSON.stringify(filter), total],
      );
      const job = await this.jobs.send(bulkReplayQueue, { replayId: row!.id }, { transaction: manager.queryRunner! });
      return { ...view(row!), jobId: job.id };
    });
  }

  async get(id: string) {
    const [row] = await this.dataSource.query<ReplayRow[]>('SELECT * FROM bulk_replays WHERE id = $1', [id]);
    if (!row) throw new NotFoundException(`No bulk replay ${id}`);
    return view(row);
  }

  /** One batch; returns false when the replay is finished. */
  async runBatch(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [replay] = await manager.query<ReplayRow[]>('SELECT * FROM bulk_replays WHERE id = $1 FOR UPDATE', [id]);
      if (!replay || replay.state !== 'running') return false;
      const params: unknown[] = [];
      const where = filterConditions(replay.filter, params);
      if (replay.cursor) {
        params.push(replay.cursor.at, replay.cursor.id);
        where.push(`(received_at, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(BATCH);
      const events = await manager.query<{ id: string; received_at: Date }[]>(
        `SELECT id, received_at FROM webhook_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY received_at, id LIMIT $${params.length}`,
        params,
      );
      const last = events[events.length - 1];
      if (!last) {
        await manager.query(`UPDATE bulk_replays SET state = 'completed', finished_at = now() WHERE id = $1`, [id]);
        return false;
      }
      await requeueRouting(
        manager,
        this.jobs,
        events.map((e) => e.id),
      );
      await manager.query(`UPDATE bulk_replays SET done = LEAST(total, done + $2), cursor = $3 WHERE id = $1`, [
        id,
        events.length,
        JSON.stringify({ at: last.received_at.toISOString(), id: last.id }),
      ]);
      return true;
    });
  }
}
