import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import type { QueueJob } from '../../platform/queue/queue-job';
import { bulkReplayQueue, BulkReplayPayload } from './bulk-replay.queue';
import { BulkReplaysService } from './bulk-replays.service';

@Injectable()
export class BulkReplayHandler {
  constructor(private readonly replays: BulkReplaysService) {}

  @JobHandler(bulkReplayQueue)
  async replay(job: QueueJob<BulkReplayPayload>) {
    while (await this.replays.runBatch(job.data.replayId)) {
      // Each batch commits on its own; a retried job resumes from the stored position.
      if (job.signal.aborted) throw new Error('Bulk replay interrupted; it resumes where it stopped');
    }
    return this.replays.get(job.data.replayId);
  }
}
