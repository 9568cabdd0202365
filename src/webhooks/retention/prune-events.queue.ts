import { defineQueue } from '../../platform/queue/queue-definition';

/**
 * Deletes webhook events older than WEBHOOK_RETENTION_DAYS, then runs every registered retention
 * task (RetentionTasks: audit events, bulk replays, resolved alerts, …); hourly, at minute 17.
 */
export const pruneEventsQueue = defineQueue<object>('webhook.prune', {
  schedule: { cron: '17 * * * *' },
  concurrency: 1,
  batchSize: 1,
  retryLimit: 2,
});
