import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { JobQueue } from '../../platform/queue/job-queue';
import { peopleFullSyncQueue } from './people-sync.queues';

const SCHEDULE_KEY = 'interval';

/**
 * Worker role: keeps the pg-boss schedule of the full sync in step with CRM_SYNC_ENABLED and
 * CRM_SYNC_INTERVAL_SECONDS. The schedule lives in the database, so however many workers run,
 * each tick makes one job cluster-wide (and the queue runs one sync at a time).
 */
@Injectable()
export class PeopleSyncSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger('PeopleSync');

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { enabled, cron, intervalSeconds } = this.config.crm.sync;
    if (enabled) {
      await this.jobs.schedule(peopleFullSyncQueue, SCHEDULE_KEY, cron, { trigger: 'schedule' }, { tz: 'UTC' });
      this.logger.log(`Full people sync every ${intervalSeconds} s (${cron}, UTC)`);
    } else {
      await this.jobs.unschedule(peopleFullSyncQueue, SCHEDULE_KEY);
    }
  }
}
