import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The resume extraction ledger: one row per (file content, contact, extractor version), so the same
 * file for the same contact is extracted once per version; the row holds the job, the preview
 * (proposed fields) or the reason it failed.
 */
export class ResumeExtractions1764004500000 implements MigrationInterface {
  name = 'ResumeExtractions1764004500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE resume_extractions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_sha256 char(64) NOT NULL,
        contact_id varchar(64) NOT NULL DEFAULT '',
        extractor_version varchar(40) NOT NULL,
        object_key varchar(512) NOT NULL,
        file_name varchar(255) NOT NULL,
        file_type varchar(8) NOT NULL,
        file_size integer NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'succeeded', 'failed')),
        job_id uuid,
        preview jsonb,
        error text,
        requested_by varchar(255),
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT resume_extractions_once UNIQUE (file_sha256, contact_id, extractor_version)
      )`);
    await db.query('CREATE INDEX resume_extractions_job ON resume_extractions (job_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE resume_extractions');
  }
}
