import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an admin checked a person's identity (CRM_ID_VERIFIED_FIELD, set by `/mark-id-verified`), kept
 * in the people cache like the member agreement. The record hash now covers it, so the first sync
 * after this migration rewrites each row once.
 */
export class PeopleIdVerified1764007100000 implements MigrationInterface {
  name = 'PeopleIdVerified1764007100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE people ADD COLUMN id_verified_at timestamptz');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE people DROP COLUMN id_verified_at');
  }
}
