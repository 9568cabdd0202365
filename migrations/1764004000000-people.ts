import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people cache: EspoCRM contacts as mapped by src/people/mapping, one row per contact
 * (`crm_id`). `record_hash` is the SHA-256 of the mapped record, so a sync writes only rows that
 * changed. A contact gone from EspoCRM is kept as `missing_in_crm` (after a complete run, or a
 * re-read answering 404), never deleted.
 */
export class People1764004000000 implements MigrationInterface {
  name = 'People1764004000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE people (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        crm_id text NOT NULL UNIQUE,
        name text,
        first_name text,
        last_name text,
        primary_email text,
        other_emails text[] NOT NULL DEFAULT '{}',
        phone text,
        discord_user_id text,
        discord_username text,
        github_username text,
        linkedin text,
        roles text[] NOT NULL DEFAULT '{}',
        seniority text,
        skills jsonb NOT NULL DEFAULT '[]',
        timezone text,
        location text,
        member_agreement_signed_at timestamptz,
        resumes jsonb NOT NULL DEFAULT '[]',
        latest_resume jsonb,
        search_text text NOT NULL DEFAULT '',
        crm_created_at timestamptz,
        crm_modified_at timestamptz,
        record_hash text NOT NULL,
        sync_status text NOT NULL DEFAULT 'active' CHECK (sync_status IN ('active', 'missing_in_crm')),
        missing_since timestamptz,
        last_synced_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX people_discord_user_id ON people (discord_user_id) WHERE discord_user_id IS NOT NULL');
    await db.query('CREATE INDEX people_primary_email ON people (lower(primary_email))');
    await db.query('CREATE INDEX people_name ON people (name, id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE people');
  }
}
