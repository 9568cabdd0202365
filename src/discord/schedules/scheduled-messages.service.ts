import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditLog } from '../../audit/audit-log';
import type { AuditSource } from '../../audit/audit-event.entity';
import { JobQueue } from '../../platform/queue/job-queue';
import { LIMITS } from '../delivery/discord-message';
import { DiscordOutbox } from '../delivery/discord-outbox';
import { nextOccurrences, parseScheduleExpression } from './schedule-expression';
import { scheduledPostQueue } from './scheduled-post.queue';

interface ScheduledMessageRow {
  id: number;
  cron: string;
  timezone: string;
  channel_id: string;
  guild_id: string | null;
  message: string;
  created_by_id: string;
  created_by_name: string | null;
  created_at: Date;
  fire_count: number;
  last_fired_at: Date | null;
  last_post_job_id: string | null;
}

export interface ScheduledMessage {
  id: number;
  cron: string;
  timezone: string;
  channelId: string;
  message: string;
  createdBy: AuditActor;
  createdAt: Date;
  fireCount: number;
  lastFiredAt: Date | null;
  lastPostJobId: string | null;
  /** The next times it fires. */
  next: Date[];
}

export interface NewScheduledMessage {
  cron: string;
  timezone?: string;
  channelId: string;
  guildId?: string | null;
  message: string;
}

/** Who asks, for the audit event written in the same transaction as the change. */
export interface ChangeOrigin {
  source: AuditSource;
  actor: AuditActor;
  /** How they asked (the command and its options), kept on the audit event. */
  data?: Record<string, unknown>;
}

const view = (row: ScheduledMessageRow): ScheduledMessage => ({
  id: row.id,
  cron: row.cron,
  timezone: row.timezone,
  channelId: row.channel_id,
  message: row.message,
  createdBy: { id: row.created_by_id, name: row.created_by_name },
  createdAt: row.created_at,
  fireCount: row.fire_count,
  lastFiredAt: row.last_fired_at,
  lastPostJobId: row.last_post_job_id,
  next: nextOccurrences({ cron: row.cron, timezone: row.timezone }, 3),
});

/**
 * Messages posted on a cron schedule. Each row has a pg-boss schedule keyed by its id, written and
 * removed in the same transaction as the row, so the two never disagree; the cron pass creates one
 * `discord.scheduled-post` job per occurrence cluster-wide, and `fire` turns it into a post.
 */
@Injectable()
export class ScheduledMessagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly outbox: DiscordOutbox,
    private readonly audit: AuditLog,
  ) {}

  async add(input: NewScheduledMessage, origin: ChangeOrigin): Promise<ScheduledMessage> {
    const expression = parseScheduleExpression(input.cron, input.timezone);
    const message = input.message.trim();
    if (message.length === 0 || message.length > LIMITS.content) {
      throw new BadRequestException(`The message must be 1 to ${LIMITS.content} characters`);
    }
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<ScheduledMessageRow[]>(
        `INSERT INTO scheduled_messages (cron, timezone, channel_id, guild_id, message, created_by_id, created_by_name)
          VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [
          expression.cron,
          expression.timezone,
          input.channelId,
          input.guildId ?? null,
          message,
          origin.actor.id,
          origin.actor.name ?? null,
        ],
      );
      await this.jobs.schedule(
        scheduledPostQueue,
        String(row!.id),
        expression.cron,
        { scheduleId: row!.id },
        {
          tz: expression.timezone,
          transaction: manager.queryRunner,
        },
      );
      await this.audit.record(
        { ...origin, action: 'schedule.add', target: String(row!.id), data: origin.data ?? {} },
        manager,
      );
      return view(row!);
    });
  }

  async list(): Promise<ScheduledMessage[]> {
    return (await this.dataSource.query<ScheduledMessageRow[]>('SELECT * FROM scheduled_messages ORDER BY id')).map(
      view,
    );
  }

  async remove(id: number, origin: ChangeOrigin): Promise<ScheduledMessage> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query<[ScheduledMessageRow[], number]>(
        'DELETE FROM scheduled_messages WHERE id = $1 RETURNING *',
        [id],
      );
      const row = rows[0];
      if (!row) throw new NotFoundException(`No scheduled message ${id}`);
      await this.jobs.unschedule(scheduledPostQueue, String(id), { transaction: manager.queryRunner });
      await this.audit.record(
        {
          ...origin,
          action: 'schedule.remove',
          target: String(id),
          data: { ...origin.data, removed: { cron: row.cron, timezone: row.timezone, channelId: row.channel_id } },
        },
        manager,
      );
      return view(row);
    });
  }

  /**
   * One occurrence: enqueues the post, keyed by the occurrence's job so a retried occurrence never
   * posts twice. A schedule removed since the occurrence was created posts nothing.
   */
  async fire(scheduleId: number, occurrenceJobId: string): Promise<{ postJobId: string } | { skipped: string }> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<ScheduledMessageRow[]>(
        'SELECT * FROM scheduled_messages WHERE id = $1 FOR UPDATE',
        [scheduleId],
      );
      if (!row) return { skipped: `scheduled message ${scheduleId} was removed` };
      const post = await this.outbox.enqueue(
        // Admins write these, so user and role mentions ping; @everyone and @here stay off.
        { channelId: row.channel_id, content: row.message, allowMentions: ['users', 'roles'] },
        { idempotencyKey: `scheduled-post:${occurrenceJobId}`, transaction: manager.queryRunner },
      );
      if (post.created) {
        await manager.query(
          `UPDATE scheduled_messages SET fire_count = fire_count + 1, last_fired_at = now(), last_post_job_id = $2
            WHERE id = $1`,
          [scheduleId, post.id],
        );
      }
      return { postJobId: post.id };
    });
  }
}
