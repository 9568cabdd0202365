import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SOURCE_COLUMNS, SyncSourceRecord } from '../sources/sync-source-record';

export const GMAIL_CONNECTOR = 'gmail-messages';

/** The gmail-messages sync sources, as the push tap and the watch renewal look for them. */
@Injectable()
export class GmailSources {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A push for `mailbox`: the unpaused sources reading it (addresses compared case-insensitively),
   * marked as pushed (`push_requested_at`), so a run going on now queues one more after it.
   */
  async pushed(mailbox: string, manager: EntityManager): Promise<string[]> {
    // UPDATE answers [rows, count] through TypeORM.
    const [rows] = await manager.query<[{ slug: string }[], number]>(
      `UPDATE sync_sources SET push_requested_at = clock_timestamp()
        WHERE connector = $1 AND NOT paused AND lower(settings->>'mailbox') = lower($2) RETURNING slug`,
      [GMAIL_CONNECTOR, mailbox],
    );
    return rows.map((r) => r.slug).sort();
  }

  /** Unpaused sources with a Pub/Sub topic: the ones whose watch is renewed. */
  async watched(): Promise<SyncSourceRecord[]> {
    return this.dataSource.query<SyncSourceRecord[]>(
      `SELECT ${SOURCE_COLUMNS} FROM sync_sources
        WHERE connector = $1 AND NOT paused AND settings ? 'topicName' ORDER BY slug`,
      [GMAIL_CONNECTOR],
    );
  }

  async get(slug: string, manager: EntityManager = this.dataSource.manager): Promise<SyncSourceRecord | undefined> {
    const [record] = await manager.query<SyncSourceRecord[]>(
      `SELECT ${SOURCE_COLUMNS} FROM sync_sources WHERE slug = $1 AND connector = $2`,
      [slug, GMAIL_CONNECTOR],
    );
    return record;
  }
}
