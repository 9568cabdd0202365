import type { AppConfig } from '../../platform/config/app-config';
import { EspoClient } from '../crm/espo-client';
import { PeopleStore } from '../store/people-store';
import type { Sql } from '../store/sql';
import { SyncCounts, SyncRuns, SyncTrigger } from '../store/sync-runs';
import { FullSync } from './full-sync';
import { CrmNotConfiguredError, SyncBusyError } from './sync-errors';

/** Held (session lock) by the one full sync running, whether a job or `sync-people`. */
const SYNC_LOCK_KEY = 7_353_015;

export interface FullSyncRequest {
  trigger: SyncTrigger;
  requestedBy: string | null;
  jobId: string | null;
  signal?: AbortSignal;
  onProgress?: (counts: SyncCounts) => void;
  /** The client to page EspoCRM with (one whose requests are counted); a plain one when left out (the CLI). */
  espo?: EspoClient;
}

/**
 * A full sync on one database connection (`sql`), for the job handler and the CLI alike: takes the
 * sync lock, records the run, syncs, records how it ended. A failed run is recorded with its reason
 * and rethrown.
 */
export async function runFullSync(
  sql: Sql,
  config: AppConfig,
  request: FullSyncRequest,
): Promise<{ runId: string; counts: SyncCounts }> {
  if (!config.crm.espo) throw new CrmNotConfiguredError();
  const [{ locked }] = (await sql<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
    SYNC_LOCK_KEY,
  ])) as [{ locked: boolean }];
  if (!locked) throw new SyncBusyError();
  try {
    const runs = new SyncRuns(sql);
    const runId = await runs.start(request.trigger, request.requestedBy, request.jobId);
    let last: SyncCounts = { crmTotal: null, seen: 0, created: 0, changed: 0, unchanged: 0, missing: 0, failed: 0 };
    const sync = new FullSync(
      request.espo ?? new EspoClient(config.crm.espo),
      new PeopleStore(sql, 'espocrm'),
      config.crm.fields,
      config.crm.sync.pageSize,
    );
    try {
      const counts = await sync.run({
        signal: request.signal,
        onProgress: (progress) => {
          last = { ...progress };
          request.onProgress?.(progress);
        },
      });
      await runs.finish(runId, counts);
      return { runId, counts };
    } catch (error) {
      await runs.finish(runId, last, (error as Error).message).catch(() => undefined);
      throw error;
    }
  } finally {
    await sql('SELECT pg_advisory_unlock($1)', [SYNC_LOCK_KEY]).catch(() => undefined);
  }
}
