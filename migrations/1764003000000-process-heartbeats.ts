import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per running Switchyard process, rewritten every few seconds by the process itself: its
 * roles, host, pid, start, memory and event-loop lag, for the dashboard's System page and the
 * heartbeat alerts. Rows of processes gone for a day are deleted by the live ones.
 */
export class ProcessHeartbeats1764003000000 implements MigrationInterface {
  name = 'ProcessHeartbeats1764003000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE process_heartbeats (
        id uuid PRIMARY KEY,
        roles text NOT NULL,
        host text NOT NULL,
        pid integer NOT NULL,
        started_at timestamptz NOT NULL,
        beat_at timestamptz NOT NULL DEFAULT now(),
        rss_bytes bigint NOT NULL,
        heap_used_bytes bigint NOT NULL,
        event_loop_lag_ms double precision NOT NULL,
        stopped_at timestamptz
      )`);
    await db.query(`CREATE INDEX process_heartbeats_beat_at ON process_heartbeats (beat_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE process_heartbeats');
  }
}
