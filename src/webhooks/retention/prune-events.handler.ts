import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import type { QueueJob } from '../../platform/queue/queue-job';
import { RetentionTasks } from '../../platform/retention/retention-tasks';
import { EventRetentionService } from './event-retention.service';
import { pruneEventsQueue } from './prune-events.queue';

@Injectable()
export class PruneEventsHandler {
  constructor(
    private readonly retention: EventRetentionService,
    private readonly others: RetentionTasks,
  ) {}

  @JobHandler(pruneEventsQueue)
  async prune(job: QueueJob<object>) {
    const events = await this.retention.prune(job.signal);
    return { ...events, others: await this.others.runAll(job.signal) };
  }
}
