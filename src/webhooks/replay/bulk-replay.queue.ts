import { defineQueue } from '../../platform/queue/queue-definition';

export interface BulkReplayPayload {
  replayId: string;
}

/** Routes every event matching a filter again, in batches, recording progress as it goes. */
export const bulkReplayQueue = defineQueue<BulkReplayPayload>('webhook.bulk-replay', { concurrency: 1, batchSize: 1 });
