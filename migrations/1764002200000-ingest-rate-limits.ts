import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters for the ingest rate limits, shared by every api process (rate-limiter-flexible's
 * Postgres store, in the shape it expects: `expire` in epoch milliseconds). UNLOGGED: counters
 * need no crash safety, and skipping the WAL keeps a counted delivery cheap.
 */
export class IngestRateLimits1764002200000 implements MigrationInterface {
  name = 'IngestRateLimits1764002200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE UNLOGGED TABLE ingest_rate_limits (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ingest_rate_limits');
  }
}
