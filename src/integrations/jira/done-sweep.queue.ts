import { defineQueue } from '../../platform/queue/queue-definition';

/** Daily at 05:41 UTC: done Jira issues whose linked records were not completed (a missed webhook). */
export const doneSweepQueue = defineQueue<object>('jira.done-sweep', {
  schedule: { cron: '41 5 * * *' },
  concurrency: 1,
  batchSize: 1,
  retryLimit: 3,
});
