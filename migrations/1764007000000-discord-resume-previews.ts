import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resume previews posted in Discord by `/upload-resume`: who asked (only they may press Apply or
 * Cancel), which extraction and contact, which fields the preview proposes, until when it may be
 * applied, and what became of it. `applying` is held while EspoCRM is being written, so a second
 * press cannot apply twice.
 */
export class DiscordResumePreviews1764007000000 implements MigrationInterface {
  name = 'DiscordResumePreviews1764007000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE discord_resume_previews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        extraction_id uuid NOT NULL REFERENCES resume_extractions (id) ON DELETE CASCADE,
        contact_id text NOT NULL,
        asker_id text NOT NULL,
        fields text[] NOT NULL,
        overwrite boolean NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'applying', 'applied', 'cancelled')),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decided_by text
      )`);
    await db.query('CREATE INDEX discord_resume_previews_created_at ON discord_resume_previews (created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE discord_resume_previews');
  }
}
