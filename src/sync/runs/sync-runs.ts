import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import type { SyncTrigger } from './sync-run.queue';

export interface RunCounts {
  pages: number;
  seen: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
}

export const noCounts = (): RunCounts => ({
  pages: 0,
  seen: 0,
  created: 0,
  updated: 0,
  deleted: 0,
  unchanged: 0,
  failed: 0,
});

export interface SyncRun extends RunCounts {
  id: string;
  source: string;
  jobId: string | null;
  trigger: SyncTrigger;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  listingComplete: boolean;
  /** The listing was of the changes since the stored sync token (no sweep). */
  incremental: boolean;
  /** Why the run discarded the stored state and listed in full. */
  stateDiscarded: string | null;
  deletionsRefused: string | null;
  error: string | null;
}

const COLUMNS = `id::text, source, job_id::text AS "jobId", trigger, status, started_at AS "startedAt",
  finished_at AS "finishedAt", duration_ms AS "durationMs", pages, seen, created, updated, deleted, unchanged,
  failed, listing_complete AS "listingComplete", incremental, state_discarded AS "stateDiscarded",
  deletions_refused AS "deletionsRefused", error`;

/** `sync_runs`: one row per run, written when it starts and settled when it ends, whatever the outcome. */
@Injectable()
export class SyncRuns {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Recorded on its own (not in the run's transaction), so a failed run still shows. */
  async start(source: string, jobId: string | null, trigger: SyncTrigger): Promise<string> {
    const id = randomUUID();
    await this.dataSource.query(`INSERT INTO sync_runs (id, source, job_id, trigger) VALUES ($1, $2, $3, $4)`, [
      id,
      source,
      jobId,
      trigger,
    ]);
    return id;
  }

  /** A run that succeeded, in its own transaction: the counts commit with what they count. */
  async succeeded(
    db: QueryRunner,
    id: string,
    counts: RunCounts,
    outcome: {
      listingComplete: boolean;
      deletionsRefused: string | null;
      incremental: boolean;
      stateDiscarded: string | null;
    },
  ): Promise<void> {
    await db.query(
      `UPDATE sync_runs SET status = 'succeeded', finished_at = clock_timestamp(),
              duration_ms = (extract(epoch FROM clock_timestamp() - started_at) * 1000)::int,
              pages = $2, seen = $3, created = $4, updated = $5, deleted = $6, unchanged = $7, failed = $8,
              listing_complete = $9, deletions_refused = $10, incremental = $11, state_discarded = $12
        WHERE id = $1`,
      [
        id,
        ...countValues(counts),
        outcome.listingComplete,
        outcome.deletionsRefused,
        outcome.incremental,
        outcome.stateDiscarded?.slice(0, 2000) ?? null,
      ],
    );
  }

  /** A run that failed: nothing it read was applied; the counts say how far it got. */
  async failed(id: string, counts: RunCounts, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET status = 'failed', finished_at = clock_timestamp(),
              duration_ms = (extract(epoch FROM clock_timestamp() - started_at) * 1000)::int,
              pages = $2, seen = $3, created = 0, updated = 0, deleted = 0, unchanged = 0, failed = $4, error = $5
        WHERE id = $1`,
      [id, counts.pages, counts.seen, counts.failed, error.slice(0, 2000)],
    );
  }

  /** The latest run of each of these sources. */
  async latest(sources: string[]): Promise<Map<string, SyncRun>> {
    if (sources.length === 0) return new Map();
    const rows = await this.dataSource.query<SyncRun[]>(
      `SELECT DISTINCT ON (source) ${COLUMNS} FROM sync_runs WHERE source = ANY($1::text[])
        ORDER BY source, started_at DESC`,
      [sources],
    );
    return new Map(rows.map((r) => [r.source, r]));
  }

  /**
   * Deletes finished runs older than WEBHOOK_RETENTION_DAYS (the events they made are gone by then),
   * a thousand at a time; each source's latest run stays, however old.
   */
  async prune(signal?: AbortSignal): Promise<{ deleted: number; olderThan: string }> {
    const cutoff = new Date(Date.now() - this.config.webhooks.retentionDays * 24 * 3600 * 1000);
    let deleted = 0;
    for (;;) {
      const [, count] = await this.dataSource.query<[unknown, number]>(
        `DELETE FROM sync_runs WHERE id IN (
           SELECT r.id FROM sync_runs r
            WHERE r.started_at < $1 AND r.status <> 'running'
              AND r.started_at < (SELECT max(l.started_at) FROM sync_runs l WHERE l.source = r.source)
            LIMIT $2)`,
        [cutoff, PRUNE_BATCH],
      );
      deleted += count;
      if (count < PRUNE_BATCH || signal?.aborted) break;
    }
    return { deleted, olderThan: cutoff.toISOString() };
  }

  list(source: string, limit = 20): Promise<SyncRun[]> {
    return this.dataSource.query<SyncRun[]>(
      `SELECT ${COLUMNS} FROM sync_runs WHERE source = $1 ORDER BY started_at DESC LIMIT $2`,
      [source, limit],
    );
  }
}

const PRUNE_BATCH = 1000;

const countValues = (c: RunCounts) => [c.pages, c.seen, c.created, c.updated, c.deleted, c.unchanged, c.failed];
