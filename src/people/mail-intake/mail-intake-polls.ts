import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type PollTrigger = 'start' | 'schedule' | 'follow-up' | 'manual';

export interface PollCounts {
  /** Messages whose attachments became resume extractions. */
  taken: number;
  /** Messages recorded as skipped, with the reason. */
  skipped: number;
  /** Messages already recorded but not yet flagged on the server (a poll stopped in between): only flagged now. */
  alreadyHandled: number;
}

export interface PollView extends PollCounts {
  id: string;
  jobId: string | null;
  trigger: PollTrigger;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

interface Row {
  id: string;
  job_id: string | null;
  trigger: PollTrigger;
  status: PollView['status'];
  started_at: Date;
  finished_at: Date | null;
  taken: number;
  skipped: number;
  already_handled: number;
  error: string | null;
}

/** Polls kept for the status page; older ones are dropped as new ones start. */
const KEPT = 200;

/** `mail_intake_polls`: one row per poll of the mailbox, started, then settled with its counts or error. */
@Injectable()
export class MailIntakePolls {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async start(trigger: PollTrigger, jobId: string | null): Promise<string> {
    const [row] = await this.dataSource.query<[{ id: string }]>(
      'INSERT INTO mail_intake_polls (trigger, job_id) VALUES ($1, $2) RETURNING id',
      [trigger, jobId],
    );
    await this.dataSource.query(
      `DELETE FROM mail_intake_polls WHERE id IN (
         SELECT id FROM mail_intake_polls ORDER BY started_at DESC OFFSET $1)`,
      [KEPT],
    );
    return row.id;
  }

  async succeeded(id: string, counts: PollCounts): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_intake_polls SET status = 'succeeded', finished_at = clock_timestamp(),
              taken = $2, skipped = $3, already_handled = $4 WHERE id = $1`,
      [id, counts.taken, counts.skipped, counts.alreadyHandled],
    );
  }

  async failed(id: string, error: string, counts: PollCounts): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_intake_polls SET status = 'failed', finished_at = clock_timestamp(), error = $2,
              taken = $3, skipped = $4, already_handled = $5 WHERE id = $1`,
      [id, error.slice(0, 2000), counts.taken, counts.skipped, counts.alreadyHandled],
    );
  }

  async latest(limit: number): Promise<PollView[]> {
    const rows = await this.dataSource.query<Row[]>(
      'SELECT * FROM mail_intake_polls ORDER BY started_at DESC, id LIMIT $1',
      [limit],
    );
    return rows.map((row) => ({
      id: row.id,
      jobId: row.job_id,
      trigger: row.trigger,
      status: row.status,
      startedAt: row.started_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
      taken: row.taken,
      skipped: row.skipped,
      alreadyHandled: row.already_handled,
      error: row.error,
    }));
  }
}
