import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events are routed by the worker's batch router instead of one `webhook.route` job each:
 * - `seq`: arrival order, which the router follows (received_at ties within an ingest batch);
 * - `router_result`: what the router did (rules matched, jobs made, or a hand-over), as a routing
 *   job keeps its output; the jobs API shows it at /jobs/<event id>;
 * - `queued`: a `webhook.route` job has the event (replay, enrichment, or a failure the router
 *   handed over), so the router leaves it alone; `pending` now means "waiting for the router";
 * - a statement-level trigger wakes the routers (LISTEN switchyard_inbox) once per ingest batch;
 * - lz4 for bodies where the server has it: cheaper than pglz for payloads of a few KB.
 */
export class EventRouter1764000700000 implements MigrationInterface {
  name = 'EventRouter1764000700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE webhook_events
        ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY,
        ADD COLUMN router_result jsonb,
        DROP CONSTRAINT webhook_events_routing_status_check,
        ADD CONSTRAINT webhook_events_routing_status_check
          CHECK (routing_status IN ('pending', 'queued', 'routed', 'failed'))`);
    // Events stored before this migration already have their routing jobs.
    await db.query(`UPDATE webhook_events SET routing_status = 'queued' WHERE routing_status = 'pending'`);
    await db.query(`CREATE INDEX webhook_events_pending ON webhook_events (seq) WHERE routing_status = 'pending'`);
    await db.query(`
      CREATE FUNCTION switchyard_wake_router() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('switchyard_inbox', '');
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER webhook_events_wake_router AFTER INSERT ON webhook_events
        FOR EACH STATEMENT EXECUTE FUNCTION switchyard_wake_router()`);
    await db.query(`
      DO $$ BEGIN
        ALTER TABLE webhook_events ALTER COLUMN body SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
        NULL; -- a server built without lz4 keeps pglz
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER webhook_events_wake_router ON webhook_events');
    await db.query('DROP FUNCTION switchyard_wake_router()');
    await db.query(`UPDATE webhook_events SET routing_status = 'pending' WHERE routing_status = 'queued'`);
    await db.query(`
      ALTER TABLE webhook_events
        DROP CONSTRAINT webhook_events_routing_status_check,
        ADD CONSTRAINT webhook_events_routing_status_check CHECK (routing_status IN ('pending', 'routed', 'failed')),
        DROP COLUMN router_result,
        DROP COLUMN seq`);
  }
}
