/**
 * Postgres tells every listening process what changed: triggers (migration 1764001000000) send
 * `pg_notify('switchyard_live', <kind>)` once per statement that inserted or updated rows.
 */
export const CHANGE_CHANNEL = 'switchyard_live';

/** `webhook`: webhook_events inserted or updated; `job`: pg-boss jobs; `audit`: audit_events inserted. */
export const CHANGE_KINDS = ['webhook', 'job', 'audit'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const isChangeKind = (value: string): value is ChangeKind => (CHANGE_KINDS as readonly string[]).includes(value);

/**
 * Puts the change triggers on every table of pg-boss's partitioned job table (pg-boss writes to the
 * partitions by name, and a statement trigger fires only on the table a statement names). Run after
 * pg-boss has installed or upgraded its schema; a no-op when the triggers are there.
 */
export const WATCH_JOB_TABLES_SQL = 'SELECT switchyard_live_watch_jobs()';
