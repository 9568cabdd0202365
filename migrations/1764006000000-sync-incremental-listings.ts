import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incremental listings (a connector listing changes since its stored sync token): a run says
 * whether its listing was one, and why it discarded the stored state and listed in full instead.
 */
export class SyncIncrementalListings1764006000000 implements MigrationInterface {
  name = 'SyncIncrementalListings1764006000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sync_runs ADD COLUMN incremental boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE sync_runs ADD COLUMN state_discarded text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE sync_runs DROP COLUMN state_discarded');
    await db.query('ALTER TABLE sync_runs DROP COLUMN incremental');
  }
}
