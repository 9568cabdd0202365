import type { Sql } from './sql';

export interface SyncCounts {
  crmTotal: number | null;
  seen: number;
  created: number;
  changed: number;
  unchanged: number;
  missing: number;
  failed: number;
}

export type SyncTrigger = 'schedule' | 'api' | 'dashboard' | 'cli';

export interface SyncRun extends SyncCounts {
  id: string;
  trigger: SyncTrigger;
  requestedBy: string | null;
  jobId: string | null;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

const COLUMNS = `id, trigger, requested_by AS "requestedBy", job_id AS "jobId", status, started_at AS "startedAt",
  finished_at AS "finishedAt", crm_total AS "crmTotal", seen, created, changed, unchanged, missing, failed, error`;

/** The `people_sync_runs` table: one row per full sync, written when it starts and when it ends. */
export class SyncRuns {
  constructor(private readonly sql: Sql) {}

  /** Called holding the sync lock: a run still `running` was interrupted (its process died). */
  async start(trigger: SyncTrigger, requestedBy: string | null, jobId: string | null): Promise<string> {
    await this.sql(
      `UPDATE people_sync_runs SET status = 'failed', finished_at = now(), error = 'interrupted (the process stopped)'
        WHERE status = 'running'`,
    );
    const [row] = await this.sql<{ id: string }>(
      'INSERT INTO people_sync_runs (trigger, requested_by, job_id) VALUES ($1, $2, $3) RETURNING id',
      [trigger, requestedBy, jobId],
    );
    return row!.id;
  }

  async finish(id: string, counts: SyncCounts, error?: string): Promise<void> {
    await this.sql(
      `UPDATE people_sync_runs
          SET status = $2, finished_at = now(), crm_total = $3, seen = $4, created = $5, changed = $6,
              unchanged = $7, missing = $8, failed = $9, error = $10
        WHERE id = $1`,
      [
        id,
        error === undefined ? 'succeeded' : 'failed',
        counts.crmTotal,
        counts.seen,
        counts.created,
        counts.changed,
        counts.unchanged,
        counts.missing,
        counts.failed,
        error ?? null,
      ],
    );
  }

  async latest(limit: number): Promise<SyncRun[]> {
    return this.sql<SyncRun>(`SELECT ${COLUMNS} FROM people_sync_runs ORDER BY started_at DESC LIMIT $1`, [limit]);
  }
}
