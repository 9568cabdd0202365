import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Google accounts connected from the dashboard with OAuth: the refresh token sealed with SECRETS_KEY
 * (cleared when revoked), and the authorizations started but not finished yet, each bound to the
 * admin's session and usable once.
 */
export class GoogleAccounts1764006800000 implements MigrationInterface {
  name = 'GoogleAccounts1764006800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE google_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject text NOT NULL,
        email text NOT NULL,
        scopes text[] NOT NULL,
        refresh_token_sealed text,
        connected_by_id text NOT NULL,
        connected_by_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        connected_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        needs_reconnect_at timestamptz,
        needs_reconnect_reason text,
        revoked_at timestamptz,
        revoked_by_id text,
        revoked_by_name text,
        CHECK ((revoked_at IS NULL) = (refresh_token_sealed IS NOT NULL))
      )`);
    // Connecting the same Google account again renews its row (sources keep naming the same id).
    await db.query(
      'CREATE UNIQUE INDEX google_accounts_live_subject ON google_accounts (subject) WHERE revoked_at IS NULL',
    );
    await db.query(`
      CREATE TABLE google_oauth_states (
        state_hash text PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        code_verifier_sealed text NOT NULL,
        scopes text[] NOT NULL,
        redirect_uri text NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE google_oauth_states');
    await db.query('DROP TABLE google_accounts');
  }
}
