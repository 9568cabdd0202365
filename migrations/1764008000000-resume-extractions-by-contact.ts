import { MigrationInterface, QueryRunner } from 'typeorm';

/** A person's stored resume files (the People page, `/get-resume`) are looked up by contact, newest first. */
export class ResumeExtractionsByContact1764008000000 implements MigrationInterface {
  name = 'ResumeExtractionsByContact1764008000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX resume_extractions_contact ON resume_extractions (contact_id, created_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX resume_extractions_contact');
  }
}
