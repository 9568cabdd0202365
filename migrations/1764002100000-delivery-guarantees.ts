import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What delivery needs to promise "once" and "in order" whenever a retry happens: the plan of a
 * discord.post job (its parts, and the queued jobs it carries when a channel's backlog is
 * coalesced), the ledger of parts Discord accepted, channels parked on a channel-level refusal,
 * http.forward targets disabled by a 410, and the operator alerts those raise.
 */
export class DeliveryGuarantees1764002100000 implements MigrationInterface {
  name = 'DeliveryGuarantees1764002100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE discord_post_plans (
        job_id uuid PRIMARY KEY,
        channel_id text NOT NULL,
        parts jsonb NOT NULL,
        carried_job_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX discord_post_plans_created ON discord_post_plans (created_at)`);
    await db.query(`
      CREATE TABLE discord_post_parts (
        job_id uuid NOT NULL,
        part_index int NOT NULL CHECK (part_index >= 0),
        channel_id text NOT NULL,
        nonce text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        message_id text UNIQUE,
        posted_at timestamptz,
        PRIMARY KEY (job_id, part_index)
      )`);
    await db.query(`CREATE INDEX discord_post_parts_sent ON discord_post_parts (sent_at)`);
    await db.query(`
      CREATE TABLE discord_parked_channels (
        channel_id text PRIMARY KEY,
        reason text NOT NULL,
        job_id uuid,
        parked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE forward_disabled_targets (
        url text PRIMARY KEY,
        status int NOT NULL,
        reason text NOT NULL,
        job_id uuid,
        disabled_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE operator_alerts (
        id bigserial PRIMARY KEY,
        kind text NOT NULL,
        subject text NOT NULL,
        message text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        raised_at timestamptz NOT NULL DEFAULT now(),
        last_raised_at timestamptz NOT NULL DEFAULT now(),
        times int NOT NULL DEFAULT 1,
        resolved_at timestamptz,
        resolved_by text
      )`);
    // One open alert per thing: raising it again counts, resolving it lets a new one open.
    await db.query(
      `CREATE UNIQUE INDEX operator_alerts_open ON operator_alerts (kind, subject) WHERE resolved_at IS NULL`,
    );
    await db.query(`CREATE INDEX operator_alerts_raised ON operator_alerts (raised_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE operator_alerts');
    await db.query('DROP TABLE forward_disabled_targets');
    await db.query('DROP TABLE discord_parked_channels');
    await db.query('DROP TABLE discord_post_parts');
    await db.query('DROP TABLE discord_post_plans');
  }
}
