import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change notifications for the dashboard's live updates: `pg_notify('switchyard_live', <kind>)` after
 * any statement that inserted or updated webhook events (`webhook`), inserted audit events (`audit`)
 * or inserted or updated pg-boss jobs (`job`).
 *
 * Statement-level, so a batch costs one call, and identical notifications in one transaction
 * collapse into one. The transition table skips statements that changed no row (pg-boss's fetch
 * polls run an UPDATE that usually claims nothing). Postgres allows a transition table on a
 * single-event trigger only, hence one trigger per event.
 *
 * pg-boss's job table is partitioned (`PARTITION BY LIST (name)`), and pg-boss writes to the
 * partitions directly (`pgboss.job_common`, `pgboss.j<hash>`): a statement-level trigger fires only
 * on the table the statement names, so the parent's alone would never fire. `switchyard_live_watch_jobs()`
 * puts the triggers on every table of the partition tree; it runs here when the pg-boss schema already
 * exists, and after pg-boss installs or upgrades its schema at every start (see `migrate()`).
 */
export class LiveUpdates1764001000000 implements MigrationInterface {
  name = 'LiveUpdates1764001000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION switchyard_live_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM changed) THEN
          PERFORM pg_notify('switchyard_live', TG_ARGV[0]);
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER switchyard_live_insert AFTER INSERT ON webhook_events
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION switchyard_live_notify('webhook')`);
    await db.query(`
      CREATE TRIGGER switchyard_live_update AFTER UPDATE ON webhook_events
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION switchyard_live_notify('webhook')`);
    await db.query(`
      CREATE TRIGGER switchyard_live_insert AFTER INSERT ON audit_events
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION switchyard_live_notify('audit')`);
    await db.query(`
      CREATE FUNCTION switchyard_live_watch_jobs() RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        tbl regclass;
        event text;
      BEGIN
        IF to_regclass('pgboss.job') IS NULL THEN
          RETURN;
        END IF;
        -- Two processes starting together: one creates, the other then finds the triggers there.
        PERFORM pg_advisory_xact_lock(hashtext('switchyard_live_watch_jobs'));
        FOR tbl IN SELECT relid FROM pg_partition_tree('pgboss.job') LOOP
          FOREACH event IN ARRAY ARRAY['insert', 'update'] LOOP
            IF NOT EXISTS (
              SELECT 1 FROM pg_trigger WHERE tgrelid = tbl AND tgname = 'switchyard_live_' || event
            ) THEN
              EXECUTE format(
                'CREATE TRIGGER %I AFTER %s ON %s REFERENCING NEW TABLE AS changed '
                  'FOR EACH STATEMENT EXECUTE FUNCTION switchyard_live_notify(''job'')',
                'switchyard_live_' || event, upper(event), tbl
              );
            END IF;
          END LOOP;
        END LOOP;
      END $$`);
    await db.query('SELECT switchyard_live_watch_jobs()');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$
      DECLARE
        tbl regclass;
      BEGIN
        IF to_regclass('pgboss.job') IS NOT NULL THEN
          FOR tbl IN SELECT relid FROM pg_partition_tree('pgboss.job') LOOP
            EXECUTE format('DROP TRIGGER IF EXISTS switchyard_live_insert ON %s', tbl);
            EXECUTE format('DROP TRIGGER IF EXISTS switchyard_live_update ON %s', tbl);
          END LOOP;
        END IF;
      END $$`);
    await db.query('DROP FUNCTION switchyard_live_watch_jobs()');
    await db.query('DROP TRIGGER switchyard_live_insert ON audit_events');
    await db.query('DROP TRIGGER switchyard_live_update ON webhook_events');
    await db.query('DROP TRIGGER switchyard_live_insert ON webhook_events');
    await db.query('DROP FUNCTION switchyard_live_notify()');
  }
}
