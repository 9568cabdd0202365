import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiTokens1764002000000 implements MigrationInterface {
  name = 'ApiTokens1764002000000';

  async up(db: QueryRunner): Promise<void> {
    // The secret itself is never stored: only its SHA-256 (the token is 256 random bits).
    await db.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by_id text NOT NULL,
        created_by_name text,
        last_used_at timestamptz,
        revoked_at timestamptz,
        revoked_by_id text,
        revoked_by_name text
      )`);
    // A name says which token did something in the audit trail: one live token per name.
    await db.query('CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (lower(name)) WHERE revoked_at IS NULL');
    // Who wrote an audit event on someone else's behalf (POST /audit/events, sign-in links for the bot).
    await db.query('ALTER TABLE audit_events ADD COLUMN via_id text, ADD COLUMN via_name text');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE audit_events DROP COLUMN via_id, DROP COLUMN via_name');
    await db.query('DROP TABLE api_tokens');
  }
}
