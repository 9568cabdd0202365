import { join } from 'node:path';

/**
 * Migrations live in /migrations at the top of the project and are compiled to dist/migrations.
 * Under ts (jest) this file sits in src/platform/database; compiled, in dist/platform/database.
 */
export function migrationsGlob(): string {
  const compiled = __filename.endsWith('.js');
  return compiled
    ? join(__dirname, '..', '..', 'migrations', '*.js')
    : join(__dirname, '..', '..', '..', 'migrations', '*.ts');
}
