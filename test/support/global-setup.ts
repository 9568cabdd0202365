import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import { freePort } from './free-port';

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL when given, otherwise an embedded cluster in
 * a temporary directory. Each test file then creates its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-test-'));
  const cluster = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  process.env.TEST_DATABASE_URL = cluster.url;
  (globalThis as Record<string, unknown>).__switchyardTestCluster = { ...cluster, dataDir };
}
