import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import type { QueueJob } from '../../platform/queue/queue-job';
import { CalendarWatches } from './calendar-watches';
import { renewCalendarWatchesQueue } from './renew-calendar-watches.queue';

/** Worker role: the hourly renewal of watch channels (a failed one raises an operator alert). */
@Injectable()
export class RenewCalendarWatchesHandler {
  constructor(private readonly watches: CalendarWatches) {}

  @JobHandler(renewCalendarWatchesQueue)
  renew(job: QueueJob<object>) {
    return this.watches.renewDue(job.signal);
  }
}
