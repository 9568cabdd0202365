import { defineQueue } from '../../platform/queue/queue-definition';
import type { PollTrigger } from './mail-intake-polls';

export interface MailIntakePollJob {
  trigger: PollTrigger;
  requestedBy?: string;
}

/** Every poll job holds this key: with the `exclusive` policy, one poll is queued or running cluster-wide. */
export const MAILBOX_KEY = 'mailbox';

/**
 * Polls of the intake mailbox. `exclusive` under MAILBOX_KEY: pg-boss refuses a second poll while
 * one is queued, running or waiting to retry, on any worker. A failed poll (server down, login
 * refused) is not retried by pg-boss: the next poll (CHECK_EMAIL_WAIT later) is the retry, and
 * nothing was lost meanwhile (unhandled messages stay unseen on the server).
 */
export const mailIntakePollQueue = defineQueue<MailIntakePollJob>('people.mail-intake', {
  policy: 'exclusive',
  retryLimit: 0,
  expireInSeconds: 900,
  batchSize: 1,
  concurrency: 1,
});
