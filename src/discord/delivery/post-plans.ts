import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { JobTable } from '../../platform/queue/job-table';
import { QueueClient } from '../../platform/queue/queue-client';
import { queryRunnerDb } from '../../platform/queue/transaction-db';
import { PlannedPart, planPosts } from './coalesce';
import { discordPostQueue, DiscordPostPayload } from './discord-post.queue';

/** Queued posts one job may carry, and the most parts its plan may have (~20 s at 5 posts per 5 s). */
const MAX_CARRIED = 500;
const MAX_PARTS = 20;

export interface StoredPlan {
  jobId: string;
  channelId: string;
  parts: PlannedPart[];
  /** Queued jobs whose messages this job posts; each was completed pointing here. */
  carried: string[];
}

/**
 * The plan of a `discord.post` job (`discord_post_plans`): made once, on its first attempt, and
 * posted as stored by every attempt after. Making it takes the channel's queued posts behind the
 * job (locked), merges them into the job's parts (see coalesce.ts), and in the same transaction
 * completes the carried jobs with `{coalescedInto: <job id>}`: either all of that happens or none.
 */
@Injectable()
export class PostPlans {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobTable: JobTable,
    private readonly queue: QueueClient,
    private readonly config: AppConfig,
  ) {}

  async load(jobId: string): Promise<StoredPlan | undefined> {
    const [row] = await this.dataSource.query<StoredPlan[]>(
      `SELECT job_id AS "jobId", channel_id AS "channelId", parts, carried_job_ids AS carried
         FROM discord_post_plans WHERE job_id = $1`,
      [jobId],
    );
    return row;
  }

  async make(job: { id: string; data: DiscordPostPayload }): Promise<StoredPlan> {
    const coalesces = (data: DiscordPostPayload) => data.coalesce ?? this.config.discord.coalesce;
    const { channelId } = job.data;
    return this.dataSource.transaction(async (manager) => {
      const db = queryRunnerDb(manager.queryRunner!);
      const queued = coalesces(job.data)
        ? await this.jobTable.lockQueuedBehind<DiscordPostPayload>(discordPostQueue.name, channelId, MAX_CARRIED, db)
        : [];
      const { parts, carried } = planPosts(
        { jobId: job.id, messages: job.data.messages, coalesce: coalesces(job.data) },
        queued.map((queuedJob) => ({
          jobId: queuedJob.id,
          messages: queuedJob.data.messages,
          coalesce: coalesces(queuedJob.data),
        })),
        MAX_PARTS,
      );
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO discord_post_plans (job_id, channel_id, parts, carried_job_ids) VALUES ($1, $2, $3::jsonb, $4::uuid[])
         ON CONFLICT (job_id) DO NOTHING RETURNING job_id`,
        [job.id, channelId, JSON.stringify(parts), carried],
      );
      if (inserted.length === 0) throw new Error(`Job ${job.id} was planned by another attempt at the same time`);
      if (carried.length > 0) {
        const done = (await this.queue.boss.complete(
          discordPostQueue.name,
          carried,
          { coalescedInto: job.id },
          { includeQueued: true, db },
        )) as { affected?: number };
        if (done.affected !== carried.length) {
          throw new Error(`Posts queued behind job ${job.id} changed while it was planned; planning again`);
        }
      }
      return { jobId: job.id, channelId, parts, carried };
    });
  }
}
