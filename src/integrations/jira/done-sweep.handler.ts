import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import type { QueueJob } from '../../platform/queue/queue-job';
import { DoneSweep, SweepResult } from './done-sweep';
import { doneSweepQueue } from './done-sweep.queue';

@Injectable()
export class DoneSweepHandler {
  constructor(private readonly sweep: DoneSweep) {}

  @JobHandler(doneSweepQueue)
  run(job: QueueJob<object>): Promise<SweepResult> {
    return this.sweep.run(job.signal);
  }
}
