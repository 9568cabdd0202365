import { DataSource } from 'typeorm';

/** Arbitrary, fixed: every Switchyard process contends for the same lock while migrating. */
const MIGRATION_LOCK_KEY = 0x5317_c4ad;

/**
 * Applies pending migrations while holding a session advisory lock, so two api processes starting
 * together run them once: the second waits, then finds nothing pending.
 */
export async function runMigrationsLocked(dataSource: DataSource, log: (message: string) => void): Promise<string[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const names = applied.map((m) => m.name);
    if (names.length > 0) log(`Applied ${names.length} migration(s): ${names.join(', ')}`);
    else log('Database schema is up to date');
    return names;
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockRunner.release();
  }
}
