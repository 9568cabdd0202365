import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SOURCE_COLUMNS, SyncSourceRecord } from '../sources/sync-source-record';

export const GMAIL_CONNECTOR = 'gmail-messages';

/** The gmail-messages sync sources, as the push tap and the watch renewal look for them. */
@Injectable()
export class GmailSources {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Unpaused sources reading `mailbox` (addresses compared case-insensitively), read in `manager`'s transaction. */
  async readingMailbox(mailbox: string, manager: EntityManager): Promise<string[]> {
    const rows = await manager.query<{ slug: string }[]>(
      `SELECT slug FROM sync_sources
        WHERE connector = $1 AND NOT paused AND lower(settings->>'mailbox') = lower($2) ORDER BY slug`,
      [GMAIL_CONNECTOR, mailbox],
    );
    return rows.map((r) => r.slug);
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
