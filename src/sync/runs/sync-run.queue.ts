import { defineQueue } from '../../platform/queue/queue-definition';

export type SyncTrigger = 'schedule' | 'manual' | 'follow-up' | 'push';

export interface SyncRunPayload {
  source: string;
  trigger: SyncTrigger;
}

/**
 * One job per run of a sync source. `exclusive` with the source's slug as singleton key: pg-boss
 * refuses a second job of a source while one is queued, running or waiting to retry (a unique
 * index), so a schedule tick or "sync now" arriving meanwhile makes nothing, on any worker.
 */
export const syncRunQueue = defineQueue<SyncRunPayload>('sync.run', {
  policy: 'exclusive',
  retryDelaySeconds: 10,
  retryDelayMaxSeconds: 600,
});
