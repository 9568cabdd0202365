import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A source's Gmail watch as kept (`gmail_watches`). */
export interface GmailWatchView {
  source: string;
  topicName: string;
  historyId: string | null;
  expiresAt: Date | null;
  renewedAt: Date | null;
  lastError: string | null;
  lastAttemptAt: Date;
}

const COLUMNS = `source, topic_name AS "topicName", history_id AS "historyId", expires_at AS "expiresAt",
  renewed_at AS "renewedAt", last_error AS "lastError", last_attempt_at AS "lastAttemptAt"`;

/** `gmail_watches`: one row per gmail-messages source that asked Gmail for pushes. */
@Injectable()
export class GmailWatches {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(source: string): Promise<GmailWatchView | undefined> {
    const [row] = await this.dataSource.query<GmailWatchView[]>(
      `SELECT ${COLUMNS} FROM gmail_watches WHERE source = $1`,
      [source],
    );
    return row;
  }

  /** Every kept watch by source (the Sources page). */
  async all(): Promise<Map<string, GmailWatchView>> {
    const rows = await this.dataSource.query<GmailWatchView[]>(`SELECT ${COLUMNS} FROM gmail_watches`);
    return new Map(rows.map((row) => [row.source, row]));
  }

  async renewed(source: string, topicName: string, historyId: string, expiresAt: Date): Promise<GmailWatchView> {
    const [row] = await this.dataSource.query<GmailWatchView[]>(
      `INSERT INTO gmail_watches (source, topic_name, history_id, expires_at, renewed_at, last_error, last_attempt_at)
       VALUES ($1, $2, $3, $4, now(), NULL, now())
       ON CONFLICT (source) DO UPDATE SET topic_name = EXCLUDED.topic_name, history_id = EXCLUDED.history_id,
         expires_at = EXCLUDED.expires_at, renewed_at = now(), last_error = NULL, last_attempt_at = now()
       RETURNING ${COLUMNS}`,
      [source, topicName, historyId, expiresAt],
    );
    return row!;
  }

  /** A renewal that failed: the last good watch (and its expiry) stays, with the reason beside it. */
  async failed(source: string, topicName: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO gmail_watches (source, topic_name, last_error, last_attempt_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (source) DO UPDATE SET last_error = EXCLUDED.last_error, last_attempt_at = now()`,
      [source, topicName, reason.slice(0, 1000)],
    );
  }

  async remove(source: string): Promise<boolean> {
    const [, count] = await this.dataSource.query<[unknown, number]>('DELETE FROM gmail_watches WHERE source = $1', [
      source,
    ]);
    return count > 0;
  }
}
