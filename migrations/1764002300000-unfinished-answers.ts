import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Slash commands the bot acknowledged ("thinking…") and has not answered yet: a bot that dies in
 * between tells the person after it restarts. The interaction token (valid 15 minutes) is sealed.
 */
export class UnfinishedAnswers1764002300000 implements MigrationInterface {
  name = 'UnfinishedAnswers1764002300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bot_unfinished_answers (
        interaction_id text PRIMARY KEY,
        application_id text NOT NULL,
        token_sealed text NOT NULL,
        command text NOT NULL,
        acknowledged_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE bot_unfinished_answers');
  }
}
