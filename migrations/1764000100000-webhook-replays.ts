import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookReplays1764000100000 implements MigrationInterface {
  name = 'WebhookReplays1764000100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bulk_replays (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        filter jsonb NOT NULL,
        total integer NOT NULL,
        done integer NOT NULL DEFAULT 0,
        cursor jsonb,
        state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'completed', 'failed')),
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await db.query(`CREATE INDEX webhook_events_source_received_at ON webhook_events (source, received_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX webhook_events_source_received_at');
    await db.query('DROP TABLE bulk_replays');
  }
}
