import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What Switchyard has told the ops channel, one row per alert key (`jobs.dead:discord.post`,
 * `heartbeat:worker`, `operator:discord.channel_parked:<channel>`): whether it is firing, when a
 * message last went out (the cooldown), up to when dead jobs were counted, and a mute. Processes
 * take a row with `FOR UPDATE SKIP LOCKED` before deciding, so one message goes out however many
 * processes check, and the decision survives restarts.
 */
export class OpsAlertSends1764003100000 implements MigrationInterface {
  name = 'OpsAlertSends1764003100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ops_alert_sends (
        id bigserial PRIMARY KEY,
        key text NOT NULL UNIQUE,
        kind text NOT NULL,
        subject text NOT NULL,
        firing boolean NOT NULL DEFAULT false,
        announced boolean NOT NULL DEFAULT false,
        last_sent_at timestamptz,
        counted_until timestamptz NOT NULL DEFAULT 'epoch',
        muted_until timestamptz,
        muted_by text,
        facts jsonb NOT NULL DEFAULT '{}',
        sends integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ops_alert_sends');
  }
}
