import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admin access: server-side sessions, started OIDC sign-ins, and one-time sign-in links. Every
 * token a browser holds is stored only as its SHA-256, so a database dump signs nobody in.
 */
export class SessionsAndLinks1764000400000 implements MigrationInterface {
  name = 'SessionsAndLinks1764000400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        method text NOT NULL CHECK (method IN ('oidc', 'discord', 'bootstrap')),
        subject text NOT NULL,
        name text,
        email text,
        groups text[] NOT NULL DEFAULT '{}',
        is_admin boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX sessions_expires_at ON sessions (expires_at)');
    await db.query(`
      CREATE TABLE login_states (
        id_hash text PRIMARY KEY,
        data jsonb NOT NULL,
        return_to text NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX login_states_expires_at ON login_states (expires_at)');
    await db.query(`
      CREATE TABLE discord_links (
        token_hash text PRIMARY KEY,
        discord_user_id text NOT NULL,
        discord_name text,
        return_to text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query('CREATE INDEX discord_links_expires_at ON discord_links (expires_at)');
    await db.query(`
      CREATE TABLE bootstrap_links (
        token_hash text PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    // Audit pages are keyed by (at, id) in cursors of millisecond precision: store milliseconds.
    await db.query(`ALTER TABLE audit_events ALTER COLUMN at SET DEFAULT date_trunc('milliseconds', now())`);
    await db.query('CREATE INDEX audit_events_action ON audit_events (action, at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX audit_events_action');
    await db.query('ALTER TABLE audit_events ALTER COLUMN at SET DEFAULT now()');
    await db.query('DROP TABLE bootstrap_links');
    await db.query('DROP TABLE discord_links');
    await db.query('DROP TABLE login_states');
    await db.query('DROP TABLE sessions');
  }
}
