import { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per full people sync (job, CLI): when, why, how it ended and what it counted. */
export class PeopleSyncRuns1764004100000 implements MigrationInterface {
  name = 'PeopleSyncRuns1764004100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE people_sync_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trigger text NOT NULL,
        requested_by text,
        job_id uuid,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        crm_total integer,
        seen integer NOT NULL DEFAULT 0,
        created integer NOT NULL DEFAULT 0,
        changed integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        missing integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        error text
      )`);
    await db.query('CREATE INDEX people_sync_runs_started ON people_sync_runs (started_at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE people_sync_runs');
  }
}
