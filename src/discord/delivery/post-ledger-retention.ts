import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { JobTable } from '../../platform/queue/job-table';
import type { QueueJob } from '../../platform/queue/queue-job';
import { discordPostQueue } from './discord-post.queue';
import { prunePostLedgerQueue } from './prune-post-ledger.queue';

const BATCH = 1000;
/** pg-boss keeps a finished job seven days (deleteAfterSeconds); younger plans are not looked at. */
const OLDER_THAN_DAYS = 7;

/**
 * Plans and posted parts live as long as their job: a job that exists can be redriven, and then its
 * ledger is what keeps it from posting twice. Walks plans older than a week in batches and deletes
 * those whose job pg-boss has deleted, with their parts.
 */
@Injectable()
export class PostLedgerRetention {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobTable: JobTable,
  ) {}

  @JobHandler(prunePostLedgerQueue)
  async prune(job?: QueueJob<object>): Promise<{ deleted: number }> {
    let deleted = 0;
    let after: { at: Date; id: string } = { at: new Date(0), id: '00000000-0000-0000-0000-000000000000' };
    for (;;) {
      const rows = await this.dataSource.query<{ job_id: string; created_at: Date }[]>(
        `SELECT job_id, created_at FROM discord_post_plans
          WHERE created_at < now() - make_interval(days => $1) AND (created_at, job_id) > ($2, $3)
          ORDER BY created_at, job_id LIMIT $4`,
        [OLDER_THAN_DAYS, after.at, after.id, BATCH],
      );
      if (rows.length === 0) break;
      const kept = await this.jobTable.existing(
        discordPostQueue.name,
        rows.map((row) => row.job_id),
      );
      const gone = rows.map((row) => row.job_id).filter((id) => !kept.has(id));
      if (gone.length > 0) {
        await this.dataSource.transaction(async (manager) => {
          await manager.query(`DELETE FROM discord_post_parts WHERE job_id = ANY($1::uuid[])`, [gone]);
          await manager.query(`DELETE FROM discord_post_plans WHERE job_id = ANY($1::uuid[])`, [gone]);
        });
        deleted += gone.length;
      }
      const last = rows[rows.length - 1]!;
      after = { at: last.created_at, id: last.job_id };
      if (rows.length < BATCH || job?.signal.aborted) break;
    }
    return { deleted };
  }
}
