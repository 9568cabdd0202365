import { defineQueue } from '../../platform/queue/queue-definition';
import type { SyncTrigger } from '../store/sync-runs';

export interface FullSyncJob {
  trigger: SyncTrigger;
  requestedBy?: string;
}

/**
 * Full syncs: `singleton`, so one runs at a time cluster-wide (the sync's advisory lock also keeps
 * the CLI apart). A run can take a while on a big CRM.
 */
export const peopleFullSyncQueue = defineQueue<FullSyncJob>('people.full-sync', {
  policy: 'singleton',
  expireInSeconds: 3600,
  batchSize: 1,
  concurrency: 1,
});

export interface RefreshContactJob {
  crmId: string;
}

/**
 * Re-reads of one contact (webhooks), sent once per contact per CRM_REFRESH_DEBOUNCE_SECONDS window
 * (`JobQueue.sendOncePerWindow`), so a burst for one contact is one re-read; `singleton` per contact
 * id, so two re-reads of one contact never run at once.
 */
export const peopleRefreshQueue = defineQueue<RefreshContactJob>('people.refresh', { policy: 'singleton' });
