import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Polled sources (src/sync): the sources and their schedule, the state of every resource they
 * listed (a hash of its canonical JSON, a tombstone when it disappeared) and one row per run.
 */
export class SyncEngine1764005000000 implements MigrationInterface {
  name = 'SyncEngine1764005000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sync_sources (
        slug text PRIMARY KEY,
        connector text NOT NULL,
        resource text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}',
        credentials_sealed text,
        interval_seconds integer NOT NULL CHECK (interval_seconds >= 5),
        paused boolean NOT NULL DEFAULT false,
        -- The listing in progress: its id (marks what it has seen), where it goes on, what it saw.
        listing_id uuid,
        listing_cursor jsonb,
        listing_seen integer NOT NULL DEFAULT 0,
        listing_started_at timestamptz,
        -- The last complete listing: how many resources it held (the deletion guard compares with it).
        last_complete_count integer,
        last_complete_at timestamptz,
        -- An operator accepted that the next complete listing may delete more than the guard allows.
        accept_short_listing boolean NOT NULL DEFAULT false,
        -- What a connector keeps between runs (a sync token).
        connector_state jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE sync_state (
        source text NOT NULL REFERENCES sync_sources (slug) ON DELETE CASCADE,
        resource text NOT NULL,
        external_id text NOT NULL,
        hash text NOT NULL,
        -- Counts the changes stored for this resource: part of each event's delivery id.
        version integer NOT NULL DEFAULT 1,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_changed_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        seen_listing uuid,
        -- A record elsewhere this resource maps to (a Jira issue key), for connectors that write back.
        external_ref text,
        PRIMARY KEY (source, resource, external_id)
      )`);
    await db.query(`
      CREATE TABLE sync_runs (
        id uuid PRIMARY KEY,
        source text NOT NULL REFERENCES sync_sources (slug) ON DELETE CASCADE,
        job_id uuid,
        trigger text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
        pages integer NOT NULL DEFAULT 0,
        seen integer NOT NULL DEFAULT 0,
        created integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        deleted integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        listing_complete boolean NOT NULL DEFAULT false,
        deletions_refused text,
        error text,
        duration_ms integer
      )`);
    await db.query(`CREATE INDEX sync_runs_source_started ON sync_runs (source, started_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE sync_runs');
    await db.query('DROP TABLE sync_state');
    await db.query('DROP TABLE sync_sources');
  }
}
