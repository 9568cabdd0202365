import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Gmail push watch of a gmail-messages sync source (`users.watch`): the topic it publishes to,
 * the history id and expiration Gmail answered, when it was last renewed and why the last renewal
 * failed. Goes with its source.
 */
export class GmailWatches1764006500000 implements MigrationInterface {
  name = 'GmailWatches1764006500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE gmail_watches (
        source text PRIMARY KEY REFERENCES sync_sources (slug) ON DELETE CASCADE,
        topic_name text NOT NULL,
        history_id text,
        expires_at timestamptz,
        renewed_at timestamptz,
        last_error text,
        last_attempt_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE gmail_watches');
  }
}
