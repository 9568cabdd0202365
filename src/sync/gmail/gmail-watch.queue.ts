import { defineQueue } from '../../platform/queue/queue-definition';

/**
 * Renews the Gmail watch (`users.watch`) of every unpaused gmail-messages source with a topicName,
 * daily at 04:41 UTC: Gmail stops pushing after 7 days unless renewed, and Google recommends daily.
 */
export const gmailWatchQueue = defineQueue<object>('sync.gmail-watch', {
  schedule: { cron: '41 4 * * *' },
  concurrency: 1,
  batchSize: 1,
  retryLimit: 2,
});
