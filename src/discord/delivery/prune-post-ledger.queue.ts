import { defineQueue } from '../../platform/queue/queue-definition';

/** Deletes the plans and ledger rows of posts pg-boss no longer keeps; hourly, at minute 37. */
export const prunePostLedgerQueue = defineQueue<object>('discord.prune', {
  schedule: { cron: '37 * * * *' },
  concurrency: 1,
  batchSize: 1,
  retryLimit: 2,
});
