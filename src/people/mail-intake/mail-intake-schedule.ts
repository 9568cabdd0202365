import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { JobQueue } from '../../platform/queue/job-queue';
import { scheduleCron } from '../../sync/sources/sync-interval';
import { MAILBOX_KEY, mailIntakePollQueue } from './mail-intake.queue';

const SCHEDULE_KEY = 'interval';

/**
 * Worker role: keeps the pg-boss schedule of the mailbox polls in step with
 * EMAIL_RESUME_INTAKE_ENABLED and CHECK_EMAIL_WAIT (one poll per tick cluster-wide), and asks for
 * one poll at start, so mail waiting is handled without waiting for the first tick.
 */
@Injectable()
export class MailIntakeSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger('MailIntake');

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { enabled, checkEverySeconds, server, mailbox, username } = this.config.mailIntake;
    if (!enabled) {
      await this.jobs.unschedule(mailIntakePollQueue, SCHEDULE_KEY);
      return;
    }
    const cron = scheduleCron('mail-intake', checkEverySeconds);
    await this.jobs.schedule(
      mailIntakePollQueue,
      SCHEDULE_KEY,
      cron,
      { trigger: 'schedule' },
      {
        tz: 'UTC',
        singletonKey: MAILBOX_KEY,
      },
    );
    // Refused quietly when a poll is already queued or running (the exclusive key).
    await this.jobs.send(mailIntakePollQueue, { trigger: 'start' }, { jobId: randomUUID(), orderingKey: MAILBOX_KEY });
    this.logger.log(
      `Resume intake from ${username}@${server.host}:${server.port} (${server.tls}) ${mailbox} every ${checkEverySeconds} s`,
    );
  }
}
