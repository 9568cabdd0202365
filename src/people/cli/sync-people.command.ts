import { userInfo } from 'node:os';
import { Client } from 'pg';
import { migrate, openDatabase } from '../../bootstrap';
import type { AppConfig } from '../../platform/config/app-config';
import { runningEmbeddedPostgres } from '../../platform/database/embedded-postgres';
import { createRootLogger } from '../../platform/logging/root-logger';
import type { Sql } from '../store/sql';
import { runFullSync } from '../sync/run-full-sync';
import { ProgressBar, summaryLine } from './progress-bar';

/**
 * `node dist/main.js sync-people`: one full sync in this process, with a progress bar on a terminal
 * and a summary. It takes the same lock as the sync job, so it never runs beside one. Joins the
 * embedded database a running `npm start` owns, like `admin-link`. Resolves to the exit code.
 */
export async function syncPeople(config: AppConfig, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const quiet = createRootLogger('warn');
  const running = config.database.url
    ? undefined
    : await runningEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort });
  const database = running ? { url: running, stop: async () => undefined } : await openDatabase(config, quiet);
  const abort = new AbortController();
  const stop = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await migrate(database.url, quiet);
    const client = new Client({ connectionString: database.url, application_name: 'switchyard-sync-people' });
    await client.connect();
    const bar = new ProgressBar(out);
    const started = Date.now();
    try {
      const sql: Sql = async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[];
      const { runId, counts } = await runFullSync(sql, config, {
        trigger: 'cli',
        requestedBy: `cli:${userInfo().username}`,
        jobId: null,
        signal: abort.signal,
        onProgress: (progress) => bar.update(progress),
      });
      bar.end();
      out.write(
        `People sync done in ${((Date.now() - started) / 1000).toFixed(1)} s (run ${runId}): ${summaryLine(counts)}\n`,
      );
      return 0;
    } catch (error) {
      bar.end();
      err.write(`People sync failed: ${(error as Error).message}\n`);
      return 1;
    } finally {
      await client.end();
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await database.stop();
  }
}
