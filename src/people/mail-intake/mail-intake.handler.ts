import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { JobHandler } from '../../platform/queue/job-handler.decorator';
import { JobQueue } from '../../platform/queue/job-queue';
import { JobTable } from '../../platform/queue/job-table';
import { PermanentJobError, type QueueJob } from '../../platform/queue/queue-job';
import { queryRunnerDb } from '../../platform/queue/transaction-db';
import { chainsRuns } from '../../sync/sources/sync-interval';
import { MailboxPoller, PollFailedError } from './mailbox-poller';
import { MailIntakeMetrics } from './mail-intake-metrics';
import { MailIntakePolls } from './mail-intake-polls';
import { MAILBOX_KEY, MailIntakePollJob, mailIntakePollQueue } from './mail-intake.queue';

/**
 * Worker role: one poll of the mailbox, recorded in `mail_intake_polls`. A poll that fails (the
 * server unreachable, the login refused) fails its job with the reason, which carries no password;
 * the next poll tries again. When messages are left over (more than one poll takes), or when
 * CHECK_EMAIL_WAIT is under a minute (pg-boss schedules fire once a minute), the poll queues its
 * follow-up under the mailbox key in one transaction with this job stepping aside from it.
 */
@Injectable()
export class MailIntakeHandler {
  private readonly logger = new Logger('MailIntake');

  constructor(
    private readonly config: AppConfig,
    private readonly poller: MailboxPoller,
    private readonly polls: MailIntakePolls,
    private readonly metrics: MailIntakeMetrics,
    private readonly jobs: JobQueue,
    private readonly jobTable: JobTable,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @JobHandler(mailIntakePollQueue)
  async poll(job: QueueJob<MailIntakePollJob>) {
    const settings = this.config.mailIntake;
    // A poll queued before the intake was turned off: nothing to do.
    if (!settings.enabled) return { skipped: 'the mailbox intake is off (EMAIL_RESUME_INTAKE_ENABLED)' };
    const pollId = await this.polls.start(job.data.trigger, job.id);
    let outcome;
    try {
      outcome = await this.poller.poll(pollId, job.signal);
    } catch (error) {
      const counts = error instanceof PollFailedError ? error.counts : { taken: 0, skipped: 0, alreadyHandled: 0 };
      const reason = (error as Error).message;
      await this.polls.failed(pollId, reason, counts);
      this.metrics.poll('failed', counts);
      this.logger.warn(`Mailbox poll failed: ${reason}`);
      throw new PermanentJobError(`Mailbox poll failed: ${reason}`);
    }
    await this.polls.succeeded(pollId, outcome);
    this.metrics.poll('succeeded', outcome);
    const followUpSeconds = outcome.more
      ? 0
      : chainsRuns(settings.checkEverySeconds)
        ? settings.checkEverySeconds
        : undefined;
    const followUp = followUpSeconds === undefined ? null : await this.followUp(job, followUpSeconds);
    if (outcome.taken + outcome.skipped + outcome.alreadyHandled > 0) {
      this.logger.log(
        `Mailbox poll: ${outcome.taken} taken, ${outcome.skipped} skipped, ${outcome.alreadyHandled} already handled` +
          (outcome.more ? ' (more waiting)' : ''),
      );
    }
    const { taken, skipped, alreadyHandled, more } = outcome;
    return { pollId, taken, skipped, alreadyHandled, more, followUp };
  }

  private async followUp(job: QueueJob<MailIntakePollJob>, seconds: number): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      const runner = manager.queryRunner!;
      if (!(await this.jobTable.stepAside(mailIntakePollQueue.name, job.id, job.retryCount, queryRunnerDb(runner)))) {
        return null;
      }
      const sent = await this.jobs.send(
        mailIntakePollQueue,
        { trigger: 'follow-up' },
        {
          jobId: randomUUID(),
          orderingKey: MAILBOX_KEY,
          startAfter: new Date(Date.now() + seconds * 1000),
          transaction: runner,
        },
      );
      return sent.created ? sent.id : null;
    });
  }
}
