import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhook_sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
        provider text NOT NULL,
        secrets jsonb NOT NULL DEFAULT '[]',
        settings jsonb NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        rate_limit_per_minute integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY,
        source text NOT NULL,
        provider text NOT NULL,
        event_type text NOT NULL,
        provider_event_type text NOT NULL,
        delivery_id text NOT NULL,
        headers jsonb NOT NULL,
        body text NOT NULL,
        description text NOT NULL DEFAULT '',
        verification jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        routing_status text NOT NULL DEFAULT 'pending' CHECK (routing_status IN ('pending', 'routed', 'failed')),
        routed_at timestamptz,
        route_job_id uuid NOT NULL,
        CONSTRAINT webhook_events_delivery UNIQUE (source, delivery_id)
      )`);
    await db.query(`CREATE INDEX webhook_events_received_at ON webhook_events (received_at DESC)`);
    await db.query(`CREATE INDEX webhook_events_type_received_at ON webhook_events (event_type, received_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE webhook_events');
    await db.query('DROP TABLE webhook_sources');
  }
}
