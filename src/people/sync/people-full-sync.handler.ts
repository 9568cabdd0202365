import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { PermanentJobError, QueueJob, RetryLaterError } from '../../platform/queue/queue-job';
import { EspoRequestError } from '../crm/espo-error';
import { FullSyncJob, peopleFullSyncQueue } from './people-sync.queues';
import { PeopleSyncService } from './people-sync.service';
import { CrmNotConfiguredError, SyncBusyError } from './sync-errors';

/**
 * Runs a full sync. Outages (EspoCRM down, 429, 5xx after the client's retries) fail the attempt and
 * the job retries with the JOB_* backoff; EspoCRM refusing (401, 403, 400) or no EspoCRM configured
 * fails it for good with the reason; another sync running (the CLI) retries a minute later.
 */
@Injectable()
export class PeopleFullSyncHandler {
  constructor(private readonly sync: PeopleSyncService) {}

  @JobHandler(peopleFullSyncQueue)
  async handle(job: QueueJob<FullSyncJob>) {
    try {
      const { runId, counts } = await this.sync.run(job.data.trigger, job.data.requestedBy ?? null, job.id, job.signal);
      return { runId, ...counts };
    } catch (error) {
      if (error instanceof SyncBusyError) throw new RetryLaterError(error.message, new Date(Date.now() + 60_000));
      if (error instanceof CrmNotConfiguredError || error instanceof EspoRequestError) {
        throw new PermanentJobError((error as Error).message);
      }
      throw error;
    }
  }
}
