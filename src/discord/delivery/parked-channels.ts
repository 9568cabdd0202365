import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OperatorAlerts } from '../../alerts/operator-alerts.service';
import { JobTable } from '../../platform/queue/job-table';
import { QueueClient } from '../../platform/queue/queue-client';
import { discordPostQueue } from './discord-post.queue';

export const CHANNEL_PARKED = 'discord.channel_parked';

export interface ParkedChannel {
  channelId: string;
  reason: string;
  /** The post that found the channel unusable; it holds the channel's line, dead, until unparked. */
  jobId: string | null;
  parkedAt: Date;
}

const COLUMNS = `channel_id AS "channelId", reason, job_id AS "jobId", parked_at AS "parkedAt"`;

/**
 * Channels Discord refused as a whole (unknown, no access, missing permissions): `discord_parked_channels`.
 * Parking raises an operator alert; the post that found it stays dead at the head of the channel's
 * line, so later posts wait without using up their attempts (one that reaches the head while the
 * channel is parked, after the holder was discarded, dies there at once and holds it instead).
 * Unparking resolves the alert and puts the dead head back in the queue, so the channel resumes in
 * order; retrying the holding post by hand does the same when it gets through.
 */
@Injectable()
export class ParkedChannels {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alerts: OperatorAlerts,
    private readonly jobTable: JobTable,
    private readonly queue: QueueClient,
  ) {}

  async find(channelId: string): Promise<ParkedChannel | undefined> {
    const [row] = await this.dataSource.query<ParkedChannel[]>(
      `SELECT ${COLUMNS} FROM discord_parked_channels WHERE channel_id = $1`,
      [channelId],
    );
    return row;
  }

  async count(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM discord_parked_channels`,
    );
    return row?.n ?? 0;
  }

  list(): Promise<ParkedChannel[]> {
    return this.dataSource.query<ParkedChannel[]>(
      `SELECT ${COLUMNS} FROM discord_parked_channels ORDER BY parked_at DESC LIMIT 500`,
    );
  }

  async park(channelId: string, reason: string, jobId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO discord_parked_channels (channel_id, reason, job_id) VALUES ($1, $2, $3)
       ON CONFLICT (channel_id) DO UPDATE SET reason = EXCLUDED.reason, job_id = EXCLUDED.job_id`,
      [channelId, reason, jobId],
    );
    await this.alerts.raise({
      kind: CHANNEL_PARKED,
      subject: channelId,
      message: `Discord channel ${channelId} is parked: ${reason}. Its posts wait; fix the channel or the bot's access, then unpark it.`,
      details: { channelId, jobId },
    });
  }

  /** The post now holding a parked channel's line (the one before it was discarded). */
  async heldBy(channelId: string, jobId: string): Promise<void> {
    await this.dataSource.query(`UPDATE discord_parked_channels SET job_id = $2 WHERE channel_id = $1`, [
      channelId,
      jobId,
    ]);
  }

  /** The channel took a post again (its holding post was retried and got through): no longer parked. */
  async release(channelId: string, by: string): Promise<boolean> {
    // UPDATE and DELETE answer [rows, count] through TypeORM.
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM discord_parked_channels WHERE channel_id = $1`,
      [channelId],
    );
    await this.alerts.resolve(CHANNEL_PARKED, channelId, by);
    return count > 0;
  }

  /** Unparks a channel: resolves its alert and redrives the dead post holding its line. */
  async unpark(channelId: string, by: string): Promise<{ channelId: string; redriven: string[] }> {
    if (!(await this.release(channelId, by))) throw new NotFoundException(`Discord channel ${channelId} is not parked`);
    const holders = await this.jobTable.deadHolders(discordPostQueue.name, channelId);
    const redriven = holders.map((holder) => holder.id);
    if (redriven.length > 0) await this.queue.boss.retry(discordPostQueue.name, redriven);
    return { channelId, redriven };
  }
}
