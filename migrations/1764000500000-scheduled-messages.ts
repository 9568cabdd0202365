import { MigrationInterface, QueryRunner } from 'typeorm';

export class ScheduledMessages1764000500000 implements MigrationInterface {
  name = 'ScheduledMessages1764000500000';

  async up(db: QueryRunner): Promise<void> {
    // The pg-boss schedule that fires a row is keyed by its id; both are written in one transaction.
    await db.query(`
      CREATE TABLE scheduled_messages (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        cron text NOT NULL,
        timezone text NOT NULL,
        channel_id text NOT NULL,
        guild_id text,
        message text NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
        created_by_id text NOT NULL,
        created_by_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        fire_count integer NOT NULL DEFAULT 0,
        last_fired_at timestamptz,
        last_post_job_id uuid
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE scheduled_messages');
  }
}
