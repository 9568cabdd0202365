import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import type { QueueJob } from '../../platform/queue/queue-job';
import { ScheduledMessagesService } from './scheduled-messages.service';
import { ScheduledPostPayload, scheduledPostQueue } from './scheduled-post.queue';

@Injectable()
export class ScheduledPostHandler {
  constructor(private readonly schedules: ScheduledMessagesService) {}

  @JobHandler(scheduledPostQueue)
  fire(job: QueueJob<ScheduledPostPayload>) {
    return this.schedules.fire(job.data.scheduleId, job.id);
  }
}
