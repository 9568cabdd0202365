import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Google Calendar push: the watch channels a google-calendar sync source opened (Google never
 * renews them: a new one is opened before expiry and the old one stopped), and when a push last
 * asked a source for a run (a push arriving during a run queues another one after it). The
 * latter has no foreign key: a run holds its source's row lock, which a key check would wait for.
 */
export class GoogleCalendarChannels1764006100000 implements MigrationInterface {
  name = 'GoogleCalendarChannels1764006100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE google_calendar_channels (
        id text PRIMARY KEY,
        source text NOT NULL REFERENCES sync_sources (slug) ON DELETE CASCADE,
        calendar_id text NOT NULL,
        resource_id text NOT NULL,
        resource_uri text,
        address text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        stopped_at timestamptz
      )`);
    await db.query(
      `CREATE INDEX google_calendar_channels_source ON google_calendar_channels (source, expires_at DESC)`,
    );
    await db.query(`
      CREATE TABLE sync_push_requests (
        source text PRIMARY KEY,
        requested_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE sync_push_requests');
    await db.query('DROP TABLE google_calendar_channels');
  }
}
