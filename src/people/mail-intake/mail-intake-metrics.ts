import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '../../platform/metrics/metrics';

/** The intake's series, on this process's registry (worker processes serve them on HEALTH_PORT). */
@Injectable()
export class MailIntakeMetrics {
  private readonly polls: Counter<'outcome'>;
  private readonly messages: Counter<'outcome'>;

  constructor(metrics: Metrics) {
    this.polls = new Counter({
      name: 'switchyard_mail_intake_polls_total',
      help: 'Polls of the resume intake mailbox, by outcome (succeeded, failed)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    this.messages = new Counter({
      name: 'switchyard_mail_intake_messages_total',
      help: 'Messages the mailbox intake handled, by outcome (taken: resumes extracted; skipped; already_handled: recorded before, only flagged)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
  }

  poll(outcome: 'succeeded' | 'failed', counts: { taken: number; skipped: number; alreadyHandled: number }): void {
    this.polls.inc({ outcome });
    if (counts.taken) this.messages.inc({ outcome: 'taken' }, counts.taken);
    if (counts.skipped) this.messages.inc({ outcome: 'skipped' }, counts.skipped);
    if (counts.alreadyHandled) this.messages.inc({ outcome: 'already_handled' }, counts.alreadyHandled);
  }
}
