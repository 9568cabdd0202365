import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { JobQueue } from '../../platform/queue/job-queue';
import { JobTable } from '../../platform/queue/job-table';
import { ambientPgBossDb } from '../../platform/queue/transaction-db';
import { HandledMessages } from './handled-messages';
import { MailIntakePolls } from './mail-intake-polls';
import { MAILBOX_KEY, mailIntakePollQueue } from './mail-intake.queue';

/** What the People page and `GET /people/mail-intake` show; "check now". Never the password. */
@Injectable()
export class MailIntakeStatus {
  constructor(
    private readonly config: AppConfig,
    private readonly polls: MailIntakePolls,
    private readonly handled: HandledMessages,
    private readonly jobs: JobQueue,
    private readonly jobTable: JobTable,
  ) {}

  async status(messages = 20) {
    const settings = this.config.mailIntake;
    const [polls, latestMessages, counts] = await Promise.all([
      this.polls.latest(10),
      this.handled.latest(messages),
      this.handled.counts(),
    ]);
    const lastPoll = polls.find((p) => p.status !== 'running') ?? null;
    return {
      enabled: settings.enabled,
      mailbox: settings.enabled
        ? {
            server: `${settings.server.host}:${settings.server.port}`,
            tls: settings.server.tls,
            username: settings.username,
            mailbox: settings.mailbox,
            processedMailbox: settings.processedMailbox ?? null,
          }
        : null,
      checkEverySeconds: settings.checkEverySeconds,
      requireSenderAuth: settings.requireSenderAuth,
      allowedExtensions: settings.allowedExtensions,
      maxFileBytes: settings.maxFileBytes,
      lastPoll,
      lastSuccessfulPoll: polls.find((p) => p.status === 'succeeded') ?? null,
      lastError: lastPoll?.status === 'failed' ? lastPoll.error : null,
      counts,
      polls,
      messages: latestMessages,
    };
  }

  /**
   * "Check the mailbox now": a poll due at once. When one is already queued (the next scheduled or
   * chained one) it is made due now; when one is running nothing more is queued.
   */
  async pollNow(requestedBy: string | null): Promise<{ jobId: string; queued: boolean; state?: 'queued' | 'running' }> {
    if (!this.config.mailIntake.enabled) {
      throw new ConflictException(
        'The mailbox intake is off: set EMAIL_RESUME_INTAKE_ENABLED=on (and IMAP_SERVER, EMAIL_USERNAME, EMAIL_PASSWORD)',
      );
    }
    const sent = await this.jobs.send(
      mailIntakePollQueue,
      { trigger: 'manual', ...(requestedBy ? { requestedBy } : {}) },
      { jobId: randomUUID(), orderingKey: MAILBOX_KEY },
    );
    if (sent.created) return { jobId: sent.id, queued: true };
    // In the route's audited transaction, like the send above.
    const db = ambientPgBossDb();
    await this.jobTable.dueNow(mailIntakePollQueue.name, MAILBOX_KEY, db);
    const holder = await this.jobTable.holderOf(mailIntakePollQueue.name, MAILBOX_KEY, db);
    if (!holder) throw new ConflictException('A poll just ended: ask again');
    return { jobId: holder.id, queued: false, state: holder.state === 'active' ? 'running' : 'queued' };
  }
}
