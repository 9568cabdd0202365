import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditEvents1764000300000 implements MigrationInterface {
  name = 'AuditEvents1764000300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        source text NOT NULL CHECK (source IN ('discord', 'admin_dashboard', 'api', 'system')),
        actor_id text NOT NULL,
        actor_name text,
        action text NOT NULL,
        target text,
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query('CREATE INDEX audit_events_at ON audit_events (at DESC, id DESC)');
    await db.query('CREATE INDEX audit_events_actor ON audit_events (actor_id, at DESC)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit_events');
  }
}
