import { MigrationInterface, QueryRunner } from 'typeorm';

export class Rules1764000200000 implements MigrationInterface {
  name = 'Rules1764000200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        text text NOT NULL,
        parsed jsonb NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        position integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX rules_position ON rules (position)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE rules');
  }
}
