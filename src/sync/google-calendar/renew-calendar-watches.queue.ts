import { defineQueue } from '../../platform/queue/queue-definition';

/** Renews Google Calendar watch channels expiring within a day (and opens missing ones); hourly, at minute 41. */
export const renewCalendarWatchesQueue = defineQueue<object>('sync.calendar_watch_renew', {
  schedule: { cron: '41 * * * *' },
  concurrency: 1,
  batchSize: 1,
  retryLimit: 2,
});
