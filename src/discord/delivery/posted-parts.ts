import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What the ledger knows about one part of a post job. */
export interface PartRecord {
  index: number;
  nonce: string;
  /** When the part was (last) sent without an answer on record: the start of its nonce window. */
  sentAt: Date;
  /** The Discord message, once Discord's answer is on record. */
  messageId: string | null;
}

/**
 * The ledger of parts sent to Discord (`discord_post_parts`), per job and part: a row is written
 * before a part is sent and gets the message id as soon as Discord answers, so a retry, however
 * much later, skips what Discord accepted and knows since when a part without an answer may exist.
 */
@Injectable()
export class PostedParts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(jobId: string): Promise<Map<number, PartRecord>> {
    const rows = await this.dataSource.query<PartRecord[]>(
      `SELECT part_index AS index, nonce, sent_at AS "sentAt", message_id AS "messageId"
         FROM discord_post_parts WHERE job_id = $1`,
      [jobId],
    );
    return new Map(rows.map((row) => [row.index, row]));
  }

  /** About to send a part for the first time. */
  async sending(jobId: string, index: number, channelId: string, nonce: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO discord_post_parts (job_id, part_index, channel_id, nonce) VALUES ($1, $2, $3, $4)
       ON CONFLICT (job_id, part_index) DO NOTHING`,
      [jobId, index, channelId, nonce],
    );
  }

  /** About to send a part again after its nonce window: a new window starts. */
  async resending(jobId: string, index: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE discord_post_parts SET sent_at = now() WHERE job_id = $1 AND part_index = $2 AND message_id IS NULL`,
      [jobId, index],
    );
  }

  /** Discord's answer: the message that holds the part. */
  async posted(jobId: string, index: number, messageId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE discord_post_parts SET message_id = $3, posted_at = now() WHERE job_id = $1 AND part_index = $2`,
      [jobId, index, messageId],
    );
  }

  /** Which of these messages of a channel already hold a recorded part. */
  async recorded(channelId: string, messageIds: string[]): Promise<Set<string>> {
    if (messageIds.length === 0) return new Set();
    const rows = await this.dataSource.query<{ message_id: string }[]>(
      `SELECT message_id FROM discord_post_parts WHERE channel_id = $1 AND message_id = ANY($2::text[])`,
      [channelId, messageIds],
    );
    return new Set(rows.map((row) => row.message_id));
  }
}
