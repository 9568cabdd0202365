import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import type { QueueJob } from '../../platform/queue/queue-job';
import { EventRetentionService } from './event-retention.service';
import { pruneEventsQueue } from './prune-events.queue';

@Injectable()
export class PruneEventsHandler {
  constructor(private readonly retention: EventRetentionService) {}

  @JobHandler(pruneEventsQueue)
  prune(job: QueueJob<object>) {
    return this.retention.prune(job.signal);
  }
}
