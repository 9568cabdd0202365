import { MigrationInterface, QueryRunner } from 'typeorm';

export class MessageTemplates1764000800000 implements MigrationInterface {
  name = 'MessageTemplates1764000800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE message_templates (
        name text PRIMARY KEY CHECK (name ~ '^[a-z0-9_.-]{1,100}$'),
        body text NOT NULL,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE message_templates');
  }
}
