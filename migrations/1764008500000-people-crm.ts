import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people cache holds contacts of more than one CRM: `crm` says whose (every row so far came
 * from EspoCRM), and a contact id is unique within its CRM only (a HubSpot id may equal an EspoCRM
 * one). `crm_event_seq`: for people fed by events (HubSpot sync sources), the inbox `seq` of the
 * last event applied, so a replayed or late older event never overwrites a newer one.
 */
export class PeopleCrm1764008500000 implements MigrationInterface {
  name = 'PeopleCrm1764008500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE people
        ADD COLUMN crm text NOT NULL DEFAULT 'espocrm' CHECK (crm IN ('espocrm', 'hubspot')),
        ADD COLUMN crm_event_seq bigint`);
    await db.query('ALTER TABLE people DROP CONSTRAINT people_crm_id_key');
    await db.query('ALTER TABLE people ADD CONSTRAINT people_crm_crm_id_key UNIQUE (crm, crm_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM people WHERE crm <> 'espocrm'`);
    await db.query('ALTER TABLE people DROP CONSTRAINT people_crm_crm_id_key');
    await db.query('ALTER TABLE people ADD CONSTRAINT people_crm_id_key UNIQUE (crm_id)');
    await db.query('ALTER TABLE people DROP COLUMN crm_event_seq, DROP COLUMN crm');
  }
}
