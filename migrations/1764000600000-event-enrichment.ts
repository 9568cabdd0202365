import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the enrichment step fetched for an event before routing (`extra`), and how it went:
 * `enriched`, or `failed` with the reason (then `extra` holds what the payload itself says).
 * NULL status: the event needs no enrichment, or it has not run yet.
 */
export class EventEnrichment1764000600000 implements MigrationInterface {
  name = 'EventEnrichment1764000600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE webhook_events
        ADD COLUMN extra jsonb,
        ADD COLUMN enrichment_status text CHECK (enrichment_status IN ('enriched', 'failed')),
        ADD COLUMN enrichment_reason text,
        ADD COLUMN enriched_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE webhook_events
        DROP COLUMN enriched_at,
        DROP COLUMN enrichment_reason,
        DROP COLUMN enrichment_status,
        DROP COLUMN extra`);
  }
}
