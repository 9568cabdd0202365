import { defineQueue } from '../../platform/queue/queue-definition';

/** Deletes sync runs older than WEBHOOK_RETENTION_DAYS (a source's latest run stays); hourly, at minute 23. */
export const pruneSyncRunsQueue = defineQueue<object>('sync.prune', {
  schedule: { cron: '23 * * * *' },
  concurrency: 1,
  batchSize: 1,
  retryLimit: 2,
});
