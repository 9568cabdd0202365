import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import type { QueueJob } from '../../platform/queue/queue-job';
import { SyncRuns } from './sync-runs';
import { pruneSyncRunsQueue } from './prune-sync-runs.queue';

/** A source polled every 5 seconds makes 17,000 runs a day: they are kept as long as the events they made. */
@Injectable()
export class PruneSyncRunsHandler {
  constructor(private readonly runs: SyncRuns) {}

  @JobHandler(pruneSyncRunsQueue)
  prune(job: QueueJob<object>) {
    return this.runs.prune(job.signal);
  }
}
