import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A watch channel a google-calendar source opened (`events.watch`), as the API shows it. */
export interface CalendarChannel {
  id: string;
  source: string;
  calendarId: string;
  resourceId: string;
  resourceUri: string | null;
  address: string;
  expiresAt: Date;
  createdAt: Date;
  stoppedAt: Date | null;
}

const COLUMNS = `id, source, calendar_id AS "calendarId", resource_id AS "resourceId", resource_uri AS "resourceUri",
  address, expires_at AS "expiresAt", created_at AS "createdAt", stopped_at AS "stoppedAt"`;

/** `google_calendar_channels`: the channels each source opened, the stopped ones kept for the record. */
@Injectable()
export class CalendarChannels {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The source's channels, newest first. */
  list(source: string, limit = 20): Promise<CalendarChannel[]> {
    return this.dataSource.query<CalendarChannel[]>(
      `SELECT ${COLUMNS} FROM google_calendar_channels WHERE source = $1 ORDER BY created_at DESC LIMIT $2`,
      [source, limit],
    );
  }

  /** Channels not stopped yet (expired ones included: stopping them is harmless). */
  open(source: string, manager: EntityManager = this.dataSource.manager): Promise<CalendarChannel[]> {
    return manager.query<CalendarChannel[]>(
      `SELECT ${COLUMNS} FROM google_calendar_channels WHERE source = $1 AND stopped_at IS NULL ORDER BY created_at`,
      [source],
    );
  }

  /** Each source's newest open channel, for the dashboard. */
  async newestOpen(sources: string[]): Promise<Map<string, CalendarChannel>> {
    if (sources.length === 0) return new Map();
    const rows = await this.dataSource.query<CalendarChannel[]>(
      `SELECT DISTINCT ON (source) ${COLUMNS} FROM google_calendar_channels
        WHERE source = ANY($1::text[]) AND stopped_at IS NULL ORDER BY source, created_at DESC`,
      [sources],
    );
    return new Map(rows.map((r) => [r.source, r]));
  }

  async add(channel: Omit<CalendarChannel, 'createdAt' | 'stoppedAt'>, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO google_calendar_channels (id, source, calendar_id, resource_id, resource_uri, address, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        channel.id,
        channel.source,
        channel.calendarId,
        channel.resourceId,
        channel.resourceUri,
        channel.address,
        channel.expiresAt,
      ],
    );
  }

  async stopped(ids: string[], manager: EntityManager): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`UPDATE google_calendar_channels SET stopped_at = now() WHERE id = ANY($1::text[])`, [ids]);
  }

  /**
   * The unpaused google-calendar sources a push to webhook source `pushSource` is for: those whose
   * calendar is the notification's, or which opened its channel. In the caller's transaction.
   */
  async watching(
    pushSource: string,
    calendarId: string | null,
    channelId: string | null,
    manager: EntityManager,
  ): Promise<string[]> {
    const rows = await manager.query<{ slug: string }[]>(
      `SELECT s.slug FROM sync_sources s
        WHERE s.connector = 'google-calendar' AND NOT s.paused AND s.settings->>'pushSource' = $1
          AND (s.settings->>'calendarId' = $2
               OR EXISTS (SELECT 1 FROM google_calendar_channels c WHERE c.source = s.slug AND c.id = $3))
        ORDER BY s.slug`,
      [pushSource, calendarId, channelId],
    );
    return rows.map((row) => row.slug);
  }

  /**
   * Watching sources (a `pushSource`, not paused) whose newest open channel expires within
   * `seconds`, or that have none: the ones to renew now.
   */
  async due(seconds: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ slug: string }[]>(
      `SELECT s.slug FROM sync_sources s
        WHERE s.connector = 'google-calendar' AND NOT s.paused AND s.settings ? 'pushSource'
          AND NOT EXISTS (SELECT 1 FROM google_calendar_channels c
                           WHERE c.source = s.slug AND c.stopped_at IS NULL
                             AND c.expires_at > now() + make_interval(secs => $1))
        ORDER BY s.slug`,
      [seconds],
    );
    return rows.map((r) => r.slug);
  }
}
